import { RandomForestClassifier, RandomForestRegression } from 'ml-random-forest';
import type { RandomForestClassifierParams, RandomForestRegressorParams } from '@tabula/contracts';
import { argmaxRows, toRowMatrix, type Estimator, type EstimatorState, type TrainingData } from '../estimator.js';
import { mapForestOptions } from './forest-options.js';

type ForestState = Extract<EstimatorState, { kind: 'mljs-random-forest' }>;
type Forest = RandomForestClassifier | RandomForestRegression;

/** Fits an ml-random-forest classifier (nClasses > 0) or regressor (nClasses = 0). */
export function fitRandomForest(
  params: RandomForestClassifierParams | RandomForestRegressorParams,
  data: TrainingData,
  seed: number,
): Estimator {
  const isClassifier = data.nClasses > 0;
  const { options, featuresPerTree, unsupported } = mapForestOptions(params, data.nFeatures, isClassifier, seed);
  const forest = isClassifier ? new RandomForestClassifier(options) : new RandomForestRegression(options);
  forest.train(toRowMatrix(data.X, data.nRows, data.nFeatures).to2DArray(), Array.from(data.y));
  const engineOptions = { library: 'ml-random-forest', ...options, featuresPerTree, unsupported };
  return new MljsRandomForest(forest, data.nFeatures, data.nClasses, engineOptions);
}

/** Rebuilds a forest from its saved state; throws if the library rejects it. */
export function loadRandomForest(state: ForestState): Estimator {
  const json = state.forest as unknown as Parameters<typeof RandomForestClassifier.load>[0] & Parameters<typeof RandomForestRegression.load>[0];
  const forest = state.task === 'classification' ? RandomForestClassifier.load(json) : RandomForestRegression.load(json);
  return new MljsRandomForest(forest, state.nFeatures, state.nClasses, state.engineOptions);
}

class MljsRandomForest implements Estimator {
  readonly predictProba?: (X: Float64Array, nRows: number) => Float64Array;

  constructor(
    private readonly forest: Forest,
    readonly nFeatures: number,
    private readonly nClasses: number,
    readonly engineOptions: Record<string, unknown>,
  ) {
    if (nClasses > 0) this.predictProba = (X, nRows) => this.voteShares(X, nRows);
  }

  predict(X: Float64Array, nRows: number): Float64Array {
    if (this.nClasses > 0) return argmaxRows(this.voteShares(X, nRows), nRows, this.nClasses);
    return Float64Array.from(this.forest.predict(toRowMatrix(X, nRows, this.nFeatures)));
  }

  toJSON(): ForestState {
    const forest = JSON.parse(JSON.stringify(this.forest)) as { baseModel: { estimators: Array<{ root: unknown }> } };
    for (const tree of forest.baseModel.estimators) tree.root = compactNode(tree.root);
    return {
      kind: 'mljs-random-forest',
      task: this.nClasses > 0 ? 'classification' : 'regression',
      nFeatures: this.nFeatures,
      nClasses: this.nClasses,
      engineOptions: this.engineOptions,
      forest: forest as unknown as Record<string, unknown>,
    };
  }

  /**
   * Class probabilities as the share of trees voting for each class. The library's
   * predictProbability() miscounts (its reduce starts from the first vote), so the votes are read
   * from predictionValues(): one class index per row and tree.
   */
  private voteShares(X: Float64Array, nRows: number): Float64Array {
    const votes = this.forest.predictionValues(toRowMatrix(X, nRows, this.nFeatures));
    const nTrees = votes.columns;
    const proba = new Float64Array(nRows * this.nClasses);
    for (let row = 0; row < nRows; row++) {
      for (let tree = 0; tree < nTrees; tree++) proba[row * this.nClasses + votes.get(row, tree)]++;
    }
    for (let i = 0; i < proba.length; i++) proba[i] /= nTrees;
    return proba;
  }
}

/**
 * Keeps only what ml-cart's setNodeParameters reads back. Each node otherwise repeats the tree's
 * options, which makes the saved file several times larger.
 */
function compactNode(node: unknown): unknown {
  const { distribution, splitValue, splitColumn, left, right } = node as Record<string, unknown>;
  if (distribution !== undefined) return { distribution };
  return { splitValue, splitColumn, left: compactNode(left), right: compactNode(right) };
}
