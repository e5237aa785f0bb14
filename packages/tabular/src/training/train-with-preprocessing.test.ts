import { describe, expect, it } from '@jest/globals';
import { PreprocessingSpecSchema, TabulaError, parseModelParams, type ModelType } from '@tabula/contracts';
import { parseCsvFile } from '../csv/parse-csv.js';
import { frameFromRecords, type Frame } from '../frame.js';
import { buildDriftReference, compareWithReference } from '../monitoring/drift-reference.js';
import { loadTabularModel } from '../tabular-model.js';
import { catchError } from '../test-fixtures/catch-error.js';
import { fixturePath } from '../test-fixtures/fixture-path.js';
import { GOLDEN_CASES, goldenPath } from '../test-fixtures/golden-cases.js';
import { trainTabularModel } from './train-tabular-model.js';
import { readFileSync } from 'node:fs';

const churn = await parseCsvFile(fixturePath('churn.csv'));

function train(modelType: ModelType, preprocessing: Record<string, unknown>, params: Record<string, unknown> = {}, frame: Frame = churn, targetColumn = 'churned') {
  return trainTabularModel({
    frame,
    targetColumn,
    columnsToDrop: [],
    spec: parseModelParams(modelType, { random_state: 7, ...params }),
    testSize: 0.2,
    preprocessing: PreprocessingSpecSchema.parse(preprocessing),
  });
}

/** 120 days of orders, a date column with times: the target is whether the order came on a weekend. */
const orders = frameFromRecords(
  Array.from({ length: 240 }, (_, i) => {
    const day = new Date(Date.UTC(2024, 0, 1 + (i % 120), (i * 7) % 24));
    const weekday = (day.getUTCDay() + 6) % 7;
    return { placed: day.toISOString().slice(0, 16), amount: (i * 37) % 100, weekend: weekday >= 5 ? 'yes' : 'no' };
  }),
);

describe('trainTabularModel(input) with preprocessing', () => {
  it('should write the golden model files for preprocessing {} (every default spelled out too)', () => {
    const golden = GOLDEN_CASES.find((goldenCase) => goldenCase.name === 'churn-forest')!;
    const expected = readFileSync(goldenPath(golden, 'model.json'), 'utf8');
    for (const given of [{}, { numeric_imputation: 'median', scaling: 'none', categorical_encoding: 'onehot', detect_datetime: false, column_types: {} }]) {
      const { model } = train('RandomForestClassifier', given, { n_estimators: 8, max_depth: 6 });
      expect(new TextDecoder().decode(model.serialize()['model.json'])).toBe(expected);
    }
  });

  for (const [modelType, given] of [
    ['LogisticRegression', { numeric_imputation: 'mean', scaling: 'standard', max_categories: 5 }],
    ['LogisticRegression', { numeric_imputation: 'constant', fill_value: 0, scaling: 'robust', categorical_encoding: 'ordinal' }],
    ['RandomForestClassifier', { scaling: 'minmax', categorical_encoding: 'native', max_categories: 4 }],
    ['RandomForestRegressor', { categorical_encoding: 'ordinal', column_types: { support_calls: 'categorical' } }],
  ] as const) {
    it(`should apply ${JSON.stringify(given)} identically after save and load (${modelType})`, () => {
      const target = modelType === 'RandomForestRegressor' ? 'monthly_charges' : 'churned';
      const result = train(modelType, given, modelType === 'LogisticRegression' ? {} : { n_estimators: 10 }, churn, target);
      const loaded = loadTabularModel(result.model.serialize());
      expect(loaded.predict(churn)).toEqual(result.model.predict(churn));
      // Importance stays one entry per input column, however many matrix columns it became.
      expect(result.featureImportance.importances.map((entry) => entry.feature).sort()).toEqual(result.features.map((feature) => feature.name).sort());
      expect(result.preprocessing).toMatchObject({ ...given, column_types: expect.objectContaining({ customer_id: 'categorical' }) });
    });
  }

  it('should learn from a date expanded into its parts, report it as one datetime feature, and check its drift', () => {
    const result = train('RandomForestClassifier', { detect_datetime: true }, { n_estimators: 20 }, orders, 'weekend');
    expect(result.features).toEqual([{ name: 'placed', type: 'datetime' }, { name: 'amount', type: 'numeric' }]);
    expect(result.metrics.accuracy).toBeGreaterThan(0.9);
    expect(result.featureImportance.importances[0].feature).toBe('placed');
    const reference = buildDriftReference(orders, result.model);
    expect(reference.features.placed).toMatchObject({ type: 'numeric', n: 240, missing: 0 });
    const same = compareWithReference(reference, orders, result.model, { psi_warn: 0.1, psi_drift: 0.2, p_value: 0.05 });
    expect(same.features.placed.status).toBe('ok');
  });

  it('should refuse at load a saved date column without one fill value per part (MODEL_CORRUPT)', () => {
    const files = train('RandomForestClassifier', { detect_datetime: true }, { n_estimators: 2 }, orders, 'weekend').model.serialize();
    const json = JSON.parse(new TextDecoder().decode(files['model.json'])) as { preprocessor: { columns: Array<{ fill?: number[] }> } };
    json.preprocessor.columns[0].fill = [2024];
    const error = catchError(() => loadTabularModel({ ...files, 'model.json': new TextEncoder().encode(JSON.stringify(json)) }));
    expect(error).toMatchObject({ code: 'MODEL_CORRUPT' });
    expect((error as TabulaError).message).toContain('preprocessor.columns.0.fill: has 1 values for 4 date parts');
  });

  it('should refuse native encoding for LogisticRegression and the ml.js engine (400)', () => {
    for (const [modelType, params] of [['LogisticRegression', {}], ['RandomForestClassifier', { engine: 'mljs' }]] as const) {
      const error = catchError(() => train(modelType, { categorical_encoding: 'native' }, params));
      expect(error).toBeInstanceOf(TabulaError);
      expect(error).toMatchObject({ code: 'INVALID_INPUT', status: 400, details: [{ path: 'preprocessing.categorical_encoding' }] });
    }
  });
});
