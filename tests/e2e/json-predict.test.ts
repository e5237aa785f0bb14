import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PredictOneResponseSchema, PredictResponseSchema, type ErrorCode } from '@tabula/contracts';
import { column, dropColumns, readCsv } from '../support/csv.js';
import { errorText, expectError, expectStatus } from '../support/expectations.js';
import { getJson, postForm, postJson } from '../support/http.js';
import { startPlatform, type Platform } from '../support/platform.js';
import { IRIS_FEATURES, IRIS_PREDICT, countAgreeing, trainOk } from '../support/tabula.js';

// JSON scoring through the gateway: one record on /predict, records on /predict_batch, and
// MLflow's scoring formats on both. Numbers are sent as numbers, strings or floats alike.
const SETOSA = { 'sepal.length': 5.1, 'sepal.width': 3.5, 'petal.length': 1.4, 'petal.width': 0.2 };
const VIRGINICA = { 'sepal.length': '7.7', 'sepal.width': '3.0', 'petal.length': 6.1, 'petal.width': 2.3 };
const LABELS = ['Setosa', 'Versicolor', 'Virginica'];

describe('JSON predictions, through the gateway', () => {
  let platform: Platform;
  let predictUrl: string;
  let batchUrl: string;
  const sample = dropColumns(readCsv(IRIS_PREDICT), ['variety']);
  const expected = column(readCsv(IRIS_PREDICT), 'variety');
  const records = sample.rows.map((row) => Object.fromEntries(sample.header.map((name, i) => [name, Number(row[i])])));

  beforeAll(async () => {
    platform = await startPlatform();
    predictUrl = `${platform.gatewayUrl}/predict`;
    batchUrl = `${platform.gatewayUrl}/predict_batch`;
    await trainOk(platform, { model_name: 'iris' });
    await trainOk(platform, { model_name: 'iris', model_type: 'LogisticRegression', model_params: '{}' });
  }, 120_000);

  afterAll(async () => {
    await platform?.stopAll();
  });

  describe('POST /predict with one record', () => {
    it('should answer one prediction from the latest version', async () => {
      const res = await postJson(`${predictUrl}?model_name=iris`, SETOSA);

      expectStatus(res, 200);
      expect(PredictOneResponseSchema.safeParse(res.body).error?.issues ?? []).toEqual([]);
      expect(res.body).toEqual({ prediction: 'Setosa', model_name: 'iris', model_version: 2 });
    });

    it('should coerce numeric strings and answer probabilities with return_proba=true', async () => {
      const res = await postJson(`${predictUrl}?model_name=iris&return_proba=true`, VIRGINICA);

      expectStatus(res, 200);
      expect(res.body.prediction).toBe('Virginica');
      expect(Object.keys(res.body.probabilities).sort()).toEqual(LABELS);
      const total = Object.values(res.body.probabilities as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(total).toBeCloseTo(1, 6);
    });

    it('should use the version named by model_version', async () => {
      const res = await postJson(`${predictUrl}?model_name=iris&model_version=1`, SETOSA);

      expectStatus(res, 200);
      expect(res.body).toMatchObject({ prediction: 'Setosa', model_version: 1 });
    });
  });

  describe('POST /predict_batch with an array of records', () => {
    it('should answer one prediction per record, in order, as the CSV route does', async () => {
      const res = await postJson(`${batchUrl}?model_name=iris`, records);

      expectStatus(res, 200);
      expect(PredictResponseSchema.safeParse(res.body).error?.issues ?? []).toEqual([]);
      expect(res.body).toMatchObject({ model_name: 'iris', model_version: 2 });
      expect(res.body.probabilities).toBeUndefined();
      expect(countAgreeing(res.body.predictions, expected)).toBeGreaterThanOrEqual(27);
    });

    it('should answer one probability map per record with return_proba=true', async () => {
      const res = await postJson(`${batchUrl}?model_name=iris&model_version=1&return_proba=true`, records.slice(0, 3));

      expectStatus(res, 200);
      expect(res.body.model_version).toBe(1);
      expect(res.body.predictions).toEqual(['Setosa', 'Setosa', 'Setosa']);
      expect(res.body.probabilities).toHaveLength(3);
    });
  });

  describe("MLflow's scoring formats", () => {
    const split = { dataframe_split: { columns: IRIS_FEATURES, data: [IRIS_FEATURES.map((f) => SETOSA[f as keyof typeof SETOSA]), IRIS_FEATURES.map((f) => VIRGINICA[f as keyof typeof VIRGINICA])] } };
    const formats: Array<[string, unknown]> = [
      ['dataframe_split', split],
      ['dataframe_records', { dataframe_records: [SETOSA, VIRGINICA] }],
      ['instances', { instances: [SETOSA, VIRGINICA] }],
    ];

    it.each(formats)('should score %s on /predict and /predict_batch alike', async (_name, body) => {
      for (const url of [predictUrl, batchUrl]) {
        const res = await postJson(`${url}?model_name=iris`, body);
        expectStatus(res, 200);
        expect(res.body).toEqual({ predictions: ['Setosa', 'Virginica'], model_name: 'iris', model_version: 2 });
      }
    });
  });

  describe('bad requests', () => {
    const cases: Array<[string, string, unknown, string, ErrorCode, string]> = [
      ['broken JSON', 'predict', '{"sepal.length": ', 'application/json', 'INVALID_INPUT', 'not valid JSON'],
      ['an empty batch', 'predict_batch', [], 'application/json', 'INVALID_INPUT', 'empty'],
      ['empty instances', 'predict', { instances: [] }, 'application/json', 'INVALID_INPUT', 'empty'],
      ['a bare object on the batch route', 'predict_batch', SETOSA, 'application/json', 'INVALID_INPUT', 'dataframe_split'],
      ['an array on /predict', 'predict', [SETOSA], 'application/json', 'INVALID_INPUT', 'dataframe_records'],
      ['a nested value', 'predict', { ...SETOSA, 'petal.width': [1] }, 'application/json', 'INVALID_INPUT', 'petal.width'],
      ['a ragged dataframe_split', 'predict_batch', { dataframe_split: { columns: IRIS_FEATURES, data: [[1, 2]] } }, 'application/json', 'INVALID_INPUT', '2 values for 4 columns'],
      ['"abc" in a numeric column', 'predict_batch', [SETOSA, { ...SETOSA, 'sepal.width': 'abc' }], 'application/json', 'INVALID_VALUE', 'sepal.width'],
      ['a missing feature', 'predict', { 'sepal.length': 5.1, 'sepal.width': 3.5, 'petal.length': 1.4 }, 'application/json', 'MISSING_COLUMN', 'petal.width'],
      ['text/plain on /predict', 'predict', 'sepal.length=5.1', 'text/plain', 'UNSUPPORTED_MEDIA_TYPE', 'text/plain'],
      ['a CSV on /predict_batch', 'predict_batch', 'a,b\n1,2\n', 'text/csv', 'UNSUPPORTED_MEDIA_TYPE', 'application/json'],
    ];

    it.each(cases)('should answer %s with the documented error', async (_name, route, body, type, code, says) => {
      const res = await postJson(`${platform.gatewayUrl}/${route}?model_name=iris`, body, type);

      expectError(res, [code], platform);
      expect(errorText(res)).toContain(says);
    });

    it('should answer a bad model_version query parameter with 400 naming it', async () => {
      const res = await postJson(`${predictUrl}?model_name=iris&model_version=0`, SETOSA);

      expectError(res, ['INVALID_INPUT'], platform);
      expect(errorText(res)).toContain('model_version');
    });

    it('should name the row and column of a value that is not a number', async () => {
      const res = await postJson(`${batchUrl}?model_name=iris`, [SETOSA, { ...SETOSA, 'sepal.width': 'abc' }]);

      expectStatus(res, 422);
      expect(errorText(res)).toMatch(/row 2/i);
      expect(errorText(res)).toContain('abc');
    });

    it('should list the accepted formats when the body is not one of them', async () => {
      const res = await postJson(`${batchUrl}?model_name=iris`, { rows: [SETOSA] });

      expectError(res, ['INVALID_INPUT'], platform);
      for (const key of ['dataframe_split', 'dataframe_records', 'instances']) expect(errorText(res)).toContain(key);
    });
  });

  describe('multipart POST /predict with query parameters', () => {
    const upload = { input_file: { path: IRIS_PREDICT, type: 'text/csv' } };

    it('should read model_name and model_version from the query when the form does not give them', async () => {
      const res = await postForm(`${predictUrl}?model_name=iris&model_version=1`, { columns_to_drop: '["variety"]' }, upload);

      expectStatus(res, 200);
      expect(res.body).toMatchObject({ model_name: 'iris', model_version: 1 });
      expect(res.body.predictions).toHaveLength(30);
    });

    it('should let form fields win over the query', async () => {
      const res = await postForm(`${predictUrl}?model_name=iris&model_version=1`, { columns_to_drop: '["variety"]', model_version: '2' }, upload);

      expectStatus(res, 200);
      expect(res.body).toMatchObject({ model_name: 'iris', model_version: 2 });
    });
  });

  describe('GET /openapi.json', () => {
    it('should document the JSON bodies of /predict and /predict_batch', async () => {
      const res = await getJson(`${platform.gatewayUrl}/openapi.json`);

      expectStatus(res, 200);
      expect(Object.keys(res.body.paths['/predict'].post.requestBody.content).sort()).toEqual(['application/json', 'multipart/form-data']);
      expect(Object.keys(res.body.paths['/predict_batch'].post.requestBody.content)).toEqual(['application/json']);
    });
  });
});
