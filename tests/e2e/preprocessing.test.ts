import { describe, expect, it } from '@jest/globals';
import { ModelMetadataSchema, type ErrorCode } from '@tabula/contracts';
import { dropColumns, readCsv, toCsv, type Table } from '../support/csv.js';
import { errorText, expectError, expectStatus } from '../support/expectations.js';
import { getJson, postForm, postJson } from '../support/http.js';
import { usePlatform } from '../support/use-platform.js';
import { CHURN, CHURN_PREDICT, csvBytes, csvPart, predictOk, train, trainOk } from '../support/tabula.js';

const CHURN_FIELDS = { target_column: 'churned', columns_to_drop: '["customer_id"]' };
const CHURN_PREPROCESSING = { numeric_imputation: 'mean', scaling: 'standard', max_categories: 3 };

/** 240 orders over 120 days: the label is whether the order came on a weekend, learnable only from the date. */
const orders: Table = {
  header: ['placed', 'amount', 'weekend'],
  rows: Array.from({ length: 240 }, (_, i) => {
    const day = new Date(Date.UTC(2024, 0, 1 + (i % 120), (i * 7) % 24));
    return [day.toISOString().slice(0, 16), String((i * 37) % 100), day.getUTCDay() % 6 === 0 ? 'yes' : 'no'];
  }),
};

describe('configurable preprocessing through the gateway', () => {
  const platform = usePlatform();
  const url = (path: string) => `${platform.gatewayUrl}${path}`;

  it('should train with mean imputation, standard scaling and max_categories, record them, and score CSV and JSON alike', async () => {
    const trained = await trainOk(
      platform,
      { model_name: 'pre-lr', model_type: 'LogisticRegression', model_params: '{}', preprocessing: JSON.stringify(CHURN_PREPROCESSING), ...CHURN_FIELDS },
      csvPart(CHURN),
    );
    expect(trained.body.metrics.accuracy).toBeGreaterThan(0.7);
    // Importance stays per input column: contract's kept categories and its "other" column are one entry.
    expect(trained.body.feature_importance.importances.map((entry: { feature: string }) => entry.feature).sort()).toEqual(
      trained.body.features.slice().sort(),
    );

    const metadata = ModelMetadataSchema.parse((await getJson(url('/models/pre-lr/versions/1'))).body);
    expect(metadata.params.preprocessing).toEqual({
      given: CHURN_PREPROCESSING,
      applied: {
        ...CHURN_PREPROCESSING,
        categorical_encoding: 'onehot',
        detect_datetime: false,
        column_types: Object.fromEntries(metadata.signature.features.map((feature) => [feature.name, feature.type])),
      },
    });

    const fromCsv = await predictOk(platform, { model_name: 'pre-lr', columns_to_drop: '["customer_id"]' }, csvPart(CHURN_PREDICT));
    const table = dropColumns(readCsv(CHURN_PREDICT), ['customer_id']);
    const records = table.rows.map((row) => Object.fromEntries(table.header.map((name, i) => [name, row[i]])));
    const fromJson = await postJson(url('/predict_batch?model_name=pre-lr'), records);
    expectStatus(fromJson, 200);
    expect(fromJson.body.predictions).toEqual(fromCsv.body.predictions);
    expect(fromCsv.body.predictions).toHaveLength(20);
  });

  it('should expand detected dates into parts for a forest with native categories, and refuse a non-date at prediction', async () => {
    const preprocessing = JSON.stringify({ detect_datetime: true, categorical_encoding: 'native' });
    const trained = await trainOk(platform, { model_name: 'pre-dates', target_column: 'weekend', preprocessing }, csvBytes(toCsv(orders)));
    expect(trained.body.feature_types).toEqual([{ name: 'placed', type: 'datetime' }, { name: 'amount', type: 'numeric' }]);
    expect(trained.body.metrics.accuracy).toBeGreaterThan(0.9);
    expect(trained.body.feature_importance.importances[0].feature).toBe('placed');

    // 2024-06-01 is a Saturday, 2024-06-03 a Monday.
    const unseen = { header: ['placed', 'amount'], rows: [['2024-06-01T09:00', '5'], ['2024-06-03 18:30', '50']] };
    const scored = await predictOk(platform, { model_name: 'pre-dates', columns_to_drop: '' }, csvBytes(toCsv(unseen)));
    expect(scored.body.predictions).toEqual(['yes', 'no']);

    const drift = await postForm(url('/monitoring/drift'), { model_name: 'pre-dates' }, { input_file: csvBytes(toCsv(dropColumns(orders, ['weekend']))) });
    expectStatus(drift, 200);
    expect(drift.body.features.placed.status).toBe('ok');

    const bad = await postForm(url('/predict'), { model_name: 'pre-dates', columns_to_drop: '' }, { input_file: csvBytes('placed,amount\n2024-06-01,5\nsoon,7\n') });
    expectError(bad, ['INVALID_VALUE'], platform);
    expect(errorText(bad)).toContain('Row 2, column "placed": "soon" is not a date');
  });

  const BAD: Array<[string, Record<string, string>, ErrorCode, string[]]> = [
    ['an unknown key', { preprocessing: '{"scale": "standard"}' }, 'INVALID_INPUT', ['preprocessing', 'unknown key "scale"', 'numeric_imputation']],
    ['a value outside the list', { preprocessing: '{"scaling": "zscore"}' }, 'INVALID_INPUT', ['preprocessing.scaling', 'none, standard, minmax, robust']],
    ['constant without fill_value', { preprocessing: '{"numeric_imputation": "constant"}' }, 'INVALID_INPUT', ['preprocessing.fill_value']],
    ['native with LogisticRegression', { model_type: 'LogisticRegression', model_params: '{}', preprocessing: '{"categorical_encoding": "native"}' }, 'INVALID_INPUT', ['native applies to forests only']],
    ['native with the ml.js engine', { model_params: '{"engine": "mljs"}', preprocessing: '{"categorical_encoding": "native"}' }, 'INVALID_INPUT', ['engine=mljs']],
    ['a text column forced numeric', { ...CHURN_FIELDS, preprocessing: '{"column_types": {"contract": "numeric"}}' }, 'INVALID_INPUT', ['"contract"', 'row 1', '"Month-to-month"']],
    ['column_types naming no feature', { ...CHURN_FIELDS, preprocessing: '{"column_types": {"customer_id": "categorical"}}' }, 'INVALID_INPUT', ['preprocessing.column_types.customer_id']],
  ];
  it.each(BAD)('should refuse %s with a 4xx naming it', async (_what, fields, code, named) => {
    const res = await train(platform, { model_name: 'pre-bad', ...fields }, csvPart(fields.target_column === 'churned' ? CHURN : 'samples/iris.csv'));
    expectError(res, [code], platform);
    for (const text of named) expect(errorText(res)).toContain(text);
  });
});
