import { minSamplesLeafForBudget } from '@tabula/engines';
import type { ForestSizeBound, RandomForestClassifierParams, RandomForestRegressorParams } from '@tabula/contracts';

type ForestParams = RandomForestClassifierParams | RandomForestRegressorParams;

/**
 * The bound a forest on nTrain rows needs to keep its trees within budgetBytes (minSamplesLeafForBudget),
 * or null when fully grown trees fit. The caller asks only when model_params set neither min_samples_leaf
 * nor max_depth: a size the user chose is theirs, even when it does not fit.
 */
export function boundForestSize(params: ForestParams, nTrain: number, nOutputs: number, budgetBytes: number): ForestSizeBound | null {
  const minSamplesLeaf = minSamplesLeafForBudget({ nRows: nTrain, nTrees: params.n_estimators, nOutputs, bootstrap: params.bootstrap, budgetBytes });
  if (minSamplesLeaf <= params.min_samples_leaf) return null;
  const budgetMb = Math.round((budgetBytes / (1024 * 1024)) * 100) / 100;
  const rows = nTrain.toLocaleString('en');
  return {
    budget_mb: budgetMb,
    asked: { min_samples_leaf: params.min_samples_leaf, max_depth: params.max_depth },
    applied: { min_samples_leaf: minSamplesLeaf },
    reason:
      `${params.n_estimators} fully grown trees on ${rows} training rows could take up to ${minSamplesLeaf}× the streaming path's forest budget of ${budgetMb} MB ` +
      `(a tree has about as many nodes as rows), so min_samples_leaf was raised from ${params.min_samples_leaf} to ${minSamplesLeaf}. ` +
      'Set min_samples_leaf or max_depth in model_params to choose the size yourself.',
  };
}
