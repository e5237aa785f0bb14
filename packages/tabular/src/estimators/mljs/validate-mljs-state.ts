import type { EstimatorState } from '../estimator.js';

type MljsState = Extract<EstimatorState, { kind: 'mljs-random-forest' | 'mljs-logistic-regression' }>;

/**
 * Checks the numbers of an ml.js estimator's saved state, which its library loads without looking
 * at them: a leaf voting for a class past nClasses would count in the next row's probabilities, a
 * non-finite leaf or weight answers NaN (null in JSON), and a split column outside the tree's
 * features reads undefined. @tabula/engines' own formats are checked by their deserializers.
 *
 * @throws RangeError naming the first problem found.
 */
export function validateMljsState(state: MljsState): void {
  if (state.kind === 'mljs-random-forest') validateForestState(state);
  else validateLogisticState(state);
}

function validateForestState(state: Extract<MljsState, { kind: 'mljs-random-forest' }>): void {
  const base = objectAt(state.forest.baseModel, 'forest.baseModel');
  const estimators = arrayAt(base.estimators, 'forest.baseModel.estimators');
  const indexes = arrayAt(base.indexes, 'forest.baseModel.indexes');
  // The library walks nEstimators trees, each over the columns indexes[i] picks.
  if (estimators.length === 0 || base.nEstimators !== estimators.length || indexes.length !== estimators.length) {
    throw new RangeError(`the forest lists ${estimators.length} trees, ${indexes.length} feature sets and nEstimators ${String(base.nEstimators)}; all three must agree`);
  }
  const isClassifier = state.task === 'classification';
  if (base.isClassifier !== isClassifier) throw new RangeError(`the forest's isClassifier is ${String(base.isClassifier)} for a ${state.task} model`);
  estimators.forEach((tree, t) => {
    const columns = arrayAt(indexes[t], `forest.baseModel.indexes.${t}`);
    columns.forEach((column, i) => {
      if (!Number.isInteger(column) || (column as number) < 0 || (column as number) >= state.nFeatures) {
        throw new RangeError(`tree ${t} uses feature ${String(column)} (indexes.${t}.${i}), outside [0, ${state.nFeatures})`);
      }
    });
    validateTree(objectAt(objectAt(tree, `tree ${t}`).root, `tree ${t} root`), t, columns.length, isClassifier ? state.nClasses : 0);
  });
}

/** Walks a tree without recursion (a deep crafted tree must not overflow the stack here). */
function validateTree(root: Record<string, unknown>, t: number, nColumns: number, nClasses: number): void {
  const stack = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.distribution !== undefined) {
      validateLeaf(node.distribution, t, nClasses);
      continue;
    }
    const { splitValue, splitColumn } = node;
    if (typeof splitValue !== 'number' || !Number.isFinite(splitValue)) throw new RangeError(`tree ${t} has a split at ${String(splitValue)}, not a finite number`);
    if (!Number.isInteger(splitColumn) || (splitColumn as number) < 0 || (splitColumn as number) >= nColumns) {
      throw new RangeError(`tree ${t} splits on column ${String(splitColumn)}, outside the tree's ${nColumns} features`);
    }
    stack.push(objectAt(node.left, `a child in tree ${t}`), objectAt(node.right, `a child in tree ${t}`));
  }
}

/** A regression leaf is a finite number; a classification leaf is one row of class weights, at most nClasses long. */
function validateLeaf(distribution: unknown, t: number, nClasses: number): void {
  if (nClasses === 0) {
    if (typeof distribution !== 'number' || !Number.isFinite(distribution)) throw new RangeError(`tree ${t} has a leaf of ${String(distribution)}, not a finite number`);
    return;
  }
  const rows = arrayAt(distribution, `a leaf of tree ${t}`);
  const votes = arrayAt(rows[0], `a leaf of tree ${t}`);
  if (rows.length !== 1 || votes.length === 0 || votes.length > nClasses) {
    throw new RangeError(`tree ${t} has a leaf voting over ${votes.length} classes in ${rows.length} rows; the model has ${nClasses} classes`);
  }
  for (const weight of votes) {
    if (typeof weight !== 'number' || !(weight >= 0 && weight < Infinity)) throw new RangeError(`tree ${t} has a leaf weight of ${String(weight)}, not a finite number >= 0`);
  }
}

function validateLogisticState(state: Extract<MljsState, { kind: 'mljs-logistic-regression' }>): void {
  const classifiers = arrayAt(state.model.classifiers, 'model.classifiers');
  // One one-vs-rest classifier per class: each writes its class's column of the probabilities.
  if (state.model.numberClasses !== state.nClasses || classifiers.length !== state.nClasses) {
    throw new RangeError(`the model has ${classifiers.length} classifiers and numberClasses ${String(state.model.numberClasses)} for ${state.nClasses} classes`);
  }
  const width = state.nFeatures + (state.fitIntercept ? 1 : 0);
  classifiers.forEach((classifier, c) => {
    const rows = arrayAt(objectAt(classifier, `classifier ${c}`).weights, `classifier ${c} weights`);
    const weights = arrayAt(rows[0], `classifier ${c} weights`);
    if (rows.length !== 1 || weights.length !== width) throw new RangeError(`classifier ${c} has ${rows.length} rows of ${weights.length} weights; expected 1 row of ${width}`);
    for (const weight of weights) {
      if (typeof weight !== 'number' || !Number.isFinite(weight)) throw new RangeError(`classifier ${c} has a weight of ${String(weight)}, not a finite number`);
    }
  });
}

function objectAt(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RangeError(`${what} is not an object`);
  return value as Record<string, unknown>;
}

function arrayAt(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new RangeError(`${what} is not a list`);
  return value;
}
