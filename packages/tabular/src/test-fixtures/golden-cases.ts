import { parseModelParams, type ModelType } from '@tabula/contracts';
import { parseCsvFile } from '../csv/parse-csv.js';
import { trainTabularModel } from '../training/train-tabular-model.js';
import { fixturePath } from './fixture-path.js';

/**
 * Trainings whose model files were written on i15-base (before preprocessing became configurable)
 * and committed under test-fixtures/golden/<name>/: with no preprocessing given, a training must
 * keep producing these bytes. Small forests keep the committed array files small.
 */
export interface GoldenCase {
  name: string;
  csv: string;
  targetColumn: string;
  columnsToDrop: string[];
  modelType: ModelType;
  params: Record<string, unknown>;
}

export const GOLDEN_CASES: GoldenCase[] = [
  { name: 'iris-forest', csv: 'iris.csv', targetColumn: 'variety', columnsToDrop: [], modelType: 'RandomForestClassifier', params: { n_estimators: 10 } },
  { name: 'iris-logistic', csv: 'iris.csv', targetColumn: 'variety', columnsToDrop: [], modelType: 'LogisticRegression', params: {} },
  // customer_id has 500 distinct values: past the 200 categories kept, with missing cells in six columns.
  { name: 'churn-forest', csv: 'churn.csv', targetColumn: 'churned', columnsToDrop: [], modelType: 'RandomForestClassifier', params: { n_estimators: 8, max_depth: 6 } },
  { name: 'churn-logistic', csv: 'churn.csv', targetColumn: 'churned', columnsToDrop: [], modelType: 'LogisticRegression', params: {} },
  { name: 'churn-regressor', csv: 'churn.csv', targetColumn: 'total_charges', columnsToDrop: ['customer_id'], modelType: 'RandomForestRegressor', params: { n_estimators: 8, max_depth: 6 } },
];

export interface GoldenRun {
  files: Record<string, Uint8Array>;
  /** Predictions of the trained model on its whole training file, as JSON-able values. */
  predictions: unknown[];
}

/** Trains one case as the trainer would with no preprocessing field: random_state 7, test_size 0.2. */
export async function trainGoldenCase(goldenCase: GoldenCase): Promise<GoldenRun> {
  const frame = await parseCsvFile(fixturePath(goldenCase.csv));
  const { model } = trainTabularModel({
    frame,
    targetColumn: goldenCase.targetColumn,
    columnsToDrop: goldenCase.columnsToDrop,
    spec: parseModelParams(goldenCase.modelType, { random_state: 7, ...goldenCase.params }),
    testSize: 0.2,
  });
  return { files: model.serialize(), predictions: model.predict(frame).predictions };
}

/** The folder of a case's committed files. */
export const goldenPath = (goldenCase: GoldenCase, file: string): string => fixturePath(`golden/${goldenCase.name}/${file}`);
