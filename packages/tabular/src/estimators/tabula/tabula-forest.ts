import {
  forestFromArraySet,
  forestMemoryBytes,
  forestToArraySet,
  predictForestProba,
  predictForestValue,
  prepareForestWalk,
  serializeForest,
  trainForestOnBinsSync,
  trainForestSync,
  type BinEdges,
  type FlatForest,
  type ForestOptions,
} from '@tabula/engines';
import type { RandomForestClassifierParams, RandomForestRegressorParams } from '@tabula/contracts';
import { argmaxRows, type Estimator, type EstimatorState, type TrainingData } from '../estimator.js';
import { bytesToBase64, readEngineArrays, toClassIndices, writeArrayFiles } from './tabula-codec.js';

type ForestState = Extract<EstimatorState, { kind: 'tabula-forest' }>;

/** The trainForestSync options we set; all JSON, so they can be stored as engine_options. */
export type TabulaForestOptions = Required<Pick<ForestOptions, 'nEstimators' | 'criterion' | 'maxFeatures' | 'maxDepth' | 'minSamplesSplit' | 'minSamplesLeaf' | 'bootstrap' | 'seed'>> &
  Pick<ForestOptions, 'nClasses'>;

export interface TabulaForestMapping {
  options: TabulaForestOptions;
  /** scikit-learn params the engine cannot honour as given, and what was done instead. */
  unsupported: Record<string, string>;
}

/**
 * Maps scikit-learn forest params to @tabula/engines' trainForestSync options. The engine follows
 * scikit-learn (features sampled per split, min_samples_leaf, entropy), so the mapping is one to
 * one; n_jobs is left out because training already runs in the trainer's worker thread.
 */
export function mapTabulaForestOptions(
  params: RandomForestClassifierParams | RandomForestRegressorParams,
  nFeatures: number,
  nClasses: number,
  seed: number,
): TabulaForestMapping {
  const unsupported: Record<string, string> = {};
  let maxFeatures: TabulaForestOptions['maxFeatures'] = params.max_features;
  if (typeof maxFeatures === 'number' && maxFeatures > 1 && maxFeatures > nFeatures) {
    unsupported.max_features = `${maxFeatures} is more than the ${nFeatures} features, so all are used`;
    maxFeatures = null;
  }
  const options: TabulaForestOptions = {
    nEstimators: params.n_estimators,
    criterion: params.criterion,
    maxFeatures,
    maxDepth: params.max_depth,
    minSamplesSplit: params.min_samples_split,
    minSamplesLeaf: params.min_samples_leaf,
    bootstrap: params.bootstrap,
    seed,
  };
  if (nClasses > 0) options.nClasses = nClasses;
  return { options, unsupported };
}

/**
 * Fits a @tabula/engines forest: a classifier when nClasses > 0, else a regressor.
 * `onTreeGrown` hears of each finished tree (progress only; it is not an engine option to store).
 */
export function fitTabulaForest(
  params: RandomForestClassifierParams | RandomForestRegressorParams,
  data: TrainingData,
  seed: number,
  onTreeGrown?: (nGrown: number, nTrees: number) => void,
): Estimator {
  const { X, nRows, nFeatures, y, nClasses, sampleWeight } = data;
  const { options, unsupported } = mapTabulaForestOptions(params, nFeatures, nClasses, seed);
  const target = nClasses > 0 ? toClassIndices(y) : y;
  const forest = trainForestSync(X, nRows, nFeatures, target, { ...options, onTreeGrown, sampleWeight });
  const engineOptions: Record<string, unknown> = { library: '@tabula/engines', trainer: 'trainForestSync', ...options };
  // The weights themselves are data, not options: say that they were passed (class_balance records which).
  if (sampleWeight !== undefined) engineOptions.sampleWeight = 'per-row class weights';
  if (Object.keys(unsupported).length > 0) engineOptions.unsupported = unsupported;
  return new TabulaForest(forest, nClasses, engineOptions);
}

/** A training matrix binned by the caller (the streaming path), with its target as fitTabulaForest takes it. */
export interface BinnedTrainingData {
  /** Uint8Array (nFeatures * nRows,), column-major. */
  binned: Uint8Array;
  nRows: number;
  edges: BinEdges;
  y: Float64Array;
  nClasses: number;
}

/** fitTabulaForest on pre-binned data: the same options and estimator, for a file too large to hold as floats. */
export function fitTabulaForestOnBins(
  params: RandomForestClassifierParams | RandomForestRegressorParams,
  data: BinnedTrainingData,
  seed: number,
  onTreeGrown?: (nGrown: number, nTrees: number) => void,
): Estimator {
  const { binned, nRows, edges, y, nClasses } = data;
  const { options, unsupported } = mapTabulaForestOptions(params, edges.nFeatures, nClasses, seed);
  const forest = trainForestOnBinsSync(binned, nRows, edges, nClasses > 0 ? toClassIndices(y) : y, { ...options, onTreeGrown });
  const engineOptions: Record<string, unknown> = { library: '@tabula/engines', trainer: 'trainForestOnBinsSync', ...options };
  if (Object.keys(unsupported).length > 0) engineOptions.unsupported = unsupported;
  return new TabulaForest(forest, nClasses, engineOptions);
}

/**
 * Rebuilds a forest from its saved state: base64 inside it (format 1) or the raw array files it lists
 * (format 2, viewed in place). Throws if the arrays are not a forest of the stated shape.
 */
export function loadTabulaForest(state: ForestState, files: Record<string, Uint8Array> = {}): Estimator {
  const forest = forestFromArraySet(readEngineArrays(state.forest, files));
  const nOutputs = state.task === 'classification' ? state.nClasses : 1;
  if (forest.task !== state.task || forest.nFeatures !== state.nFeatures || forest.nOutputs !== nOutputs) {
    throw new TypeError(
      `the forest is a ${forest.task} forest of ${forest.nFeatures} features and ${forest.nOutputs} outputs, the state says ${state.task}, ${state.nFeatures} and ${nOutputs}`,
    );
  }
  if ((state.task === 'classification') !== state.nClasses > 0) throw new TypeError(`a ${state.task} forest cannot have ${state.nClasses} classes`);
  return new TabulaForest(forest, state.nClasses, state.engineOptions);
}

class TabulaForest implements Estimator {
  readonly nFeatures: number;
  readonly predictProba?: (X: Float64Array, nRows: number) => Float64Array;

  constructor(
    private readonly forest: FlatForest,
    private readonly nClasses: number,
    readonly engineOptions: Record<string, unknown>,
  ) {
    this.nFeatures = forest.nFeatures;
    // Loading a model, not its first request, pays for the walk's tables.
    prepareForestWalk(forest);
    if (nClasses > 0) this.predictProba = (X, nRows) => predictForestProba(this.forest, X, nRows);
  }

  estimateBytes(): number {
    // Nothing else is kept: format 2 arrays are views over their files, and a format 1 model's
    // base64 text is dropped once decoded.
    return forestMemoryBytes(this.forest);
  }

  predict(X: Float64Array, nRows: number): Float64Array {
    if (this.nClasses > 0) return argmaxRows(predictForestProba(this.forest, X, nRows), nRows, this.nClasses);
    return predictForestValue(this.forest, X, nRows);
  }

  toJSON(): ForestState {
    // Not kept: a model server never saves, and the text would double what the cache counts.
    return this.stateWith(bytesToBase64(serializeForest(this.forest)));
  }

  toArrayFiles(): { state: ForestState; files: Record<string, Uint8Array> } {
    const { listing, files } = writeArrayFiles('forest', forestToArraySet(this.forest));
    return { state: this.stateWith(listing), files };
  }

  private stateWith(forest: ForestState['forest']): ForestState {
    return { kind: 'tabula-forest', task: this.forest.task, nFeatures: this.nFeatures, nClasses: this.nClasses, engineOptions: this.engineOptions, forest };
  }
}
