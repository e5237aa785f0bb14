/**
 * @tabula/engines: pure TypeScript learners on typed arrays. Matrices are Float64Array, column-major
 * (X[f * nRows + row]) with NaN for missing values; see each function for shapes and dtypes.
 */
export { trainForestSync } from './forest/train-forest.js';
// trainForest spreads one forest's trees over worker threads (parallel/). Production does not use it:
// the trainer already runs one training per worker thread (TRAINER_WORKERS, one per core) with
// trainForestSync, so nested workers would only contend for the same cores. The bench and the tests
// run it; the bench reports what it gains on an otherwise idle machine.
export { trainForest } from './forest/train-forest.js';
// Training on data binned by the caller (the trainer's streaming path for files too large to hold as floats).
export { trainForestOnBinsSync } from './forest/train-forest.js';
export { BINNING_SUBSAMPLE_ROWS } from './binning/fit-bin-edges.js';
export { fitForestBinEdges } from './binning/fit-forest-bin-edges.js';
export { mapToBins } from './binning/map-to-bins.js';
export { forestMemoryBytes, predictForestProba, predictForestValue, prepareForestWalk } from './forest/predict-forest.js';
export { deserializeForest, forestFromArraySet, forestToArraySet, serializeForest } from './forest/serialize-forest.js';
export type { FlatForest } from './forest/flat-forest.js';
export type { ForestOptions } from './forest/forest-options.js';
export { minSamplesLeafForBudget } from './forest/forest-size-bound.js';

export { trainLogistic } from './logistic/train-logistic.js';
export { predictLogisticProba } from './logistic/predict-logistic.js';
export { deserializeLogistic, logisticFromArraySet, logisticToArraySet, serializeLogistic } from './logistic/serialize-logistic.js';
export type { LogisticModel, LogisticOptions } from './logistic/train-logistic.js';

// Gradient boosting (sklearn's HistGradientBoosting): pure engine, not yet wired to the trainer or predictor.
export { fitBoostingBins, trainBoosting } from './boosting/train-boosting.js';
export { predictBoostingProba, predictBoostingRaw, predictBoostingValue } from './boosting/predict-boosting.js';
export type { BoostingModel, BoostingResult } from './boosting/boosting-model.js';
export type { BoostingLossName, BoostingOptions } from './boosting/boosting-options.js';

export { dtypeOf, rawBytesOf, viewRawArray } from './serialization/raw-array.js';
export { unpackTypedArrays } from './serialization/typed-array-bundle.js';
export type { ArraySet, Dtype, LoadedArrays, ShapedArray, TypedArray } from './serialization/raw-array.js';

export { createRng, deriveSeed } from './random/seeded-rng.js';
export type { SeededRng } from './random/seeded-rng.js';
export type { BinEdges, Criterion, HistogramStrategy, NodeArrays } from './tree/layout.js';
export type { ClassTarget, MatrixLayout, PredictOptions } from './validation/input-checks.js';
