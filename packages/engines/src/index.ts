/**
 * @tabula/engines: pure TypeScript learners on typed arrays. Matrices are Float64Array, column-major
 * (X[f * nRows + row]) with NaN for missing values; see each function for shapes and dtypes.
 */
export { trainForest, trainForestSync } from './forest/train-forest.js';
export { forestMemoryBytes, predictForestProba, predictForestValue, prepareForestWalk } from './forest/predict-forest.js';
export { serializeForest, deserializeForest } from './forest/serialize-forest.js';
export type { FlatForest } from './forest/flat-forest.js';
export type { ForestOptions } from './forest/forest-options.js';

export { trainLogistic } from './logistic/train-logistic.js';
export { predictLogisticProba } from './logistic/predict-logistic.js';
export { serializeLogistic, deserializeLogistic } from './logistic/serialize-logistic.js';
export type { LogisticModel, LogisticOptions } from './logistic/train-logistic.js';

export { createRng, deriveSeed } from './random/seeded-rng.js';
export type { SeededRng } from './random/seeded-rng.js';
export type { Criterion, HistogramStrategy } from './tree/layout.js';
export type { ClassTarget, MatrixLayout, PredictOptions } from './validation/input-checks.js';
