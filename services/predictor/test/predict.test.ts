import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { BLOCK_BYTES } from '#dist/domain/predict-csv.js';
import { readBytes } from './read-body.js';
import { IRIS_CSV, createTempPredictor, csvToRecords, storeVersion, trainIris, varyingIrisCsv, type TempPredictor } from './temp-predictor.js';

// POST /predict (JSON records and CSV uploads, JSON or streamed answers) and POST /predict_batch,
// on a predictor with two scoring workers, so that the blocks of a large CSV are scored in
// parallel and may finish out of order.

/** Rows of the large file: some 2.5 MB, three blocks. */
const N_ROWS = 120_000;
const LABELS = ['Setosa', 'Versicolor', 'Virginica'];
const RECORD = { 'sepal.length': 6.3, 'sepal.width': 3.3, 'petal.length': 6, 'petal.width': 2.5 };

describe('the predictor app: predictions', () => {
  let predictor: TempPredictor;
  /** Many rows over many blocks, and the answer the frame path (one job) gives for them. */
  let bigCsv: string;
  let expected: { predictions: string[]; probabilities: Array<Record<string, number>> };

  beforeAll(async () => {
    predictor = await createTempPredictor({ SCORING_WORKERS: '2' });
    const trained = await trainIris(10);
    await storeVersion(predictor.store, 'iris', trained);
    await storeVersion(predictor.store, 'iris', trained);
    bigCsv = varyingIrisCsv(N_ROWS);
    // The frame path's answer, in parts that each fit a JSON body.
    const records = csvToRecords(bigCsv);
    const parts = [];
    for (let from = 0; from < records.length; from += 50_000) {
      const reference = await request(predictor.app).post('/predict_batch?model_name=iris&return_proba=true').send(records.slice(from, from + 50_000));
      expect(reference.status).toBe(200);
      parts.push(reference.body as typeof expected);
    }
    expected = { ...parts[0], predictions: parts.flatMap((part) => part.predictions), probabilities: parts.flatMap((part) => part.probabilities) };
  });
  afterAll(() => predictor.close());

  /** POST /predict of the large file with a streamed answer, read whole as text. */
  const streamBigCsv = async (query: string) => {
    const res = await request(predictor.app).post(`/predict?${query}`).attach('input_file', Buffer.from(bigCsv), 'big.csv').buffer(true).parse(readBytes);
    return { res, text: (res.body as Buffer).toString('utf8') };
  };

  describe('POST /predict with a JSON record', () => {
    it('should answer one prediction, with probabilities when asked, and name the version that served', async () => {
      const res = await request(predictor.app).post('/predict?model_name=iris&return_proba=true').send(RECORD);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ prediction: 'Virginica', probabilities: expect.any(Object), model_name: 'iris', model_version: 2 });
      expect(Object.keys(res.body.probabilities).sort()).toEqual(LABELS);
    });

    it('should answer a list for the MLflow formats, and report the columns_to_drop it did not find', async () => {
      const body = { dataframe_split: { columns: Object.keys(RECORD), data: [Object.values(RECORD), Object.values(RECORD)] } };
      const res = await request(predictor.app).post('/predict?model_name=iris&model_version=1&columns_to_drop=label').send(body);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ predictions: ['Virginica', 'Virginica'], model_name: 'iris', model_version: 1 });
      expect(res.headers['x-ignored-columns']).toBe('"label"');
    });

    it('should log the answer with its model and count it in tabula_predictions_total', async () => {
      const res = await request(predictor.app).post('/predict?model_name=iris&model_version=1').set('x-request-id', 'json-predict-1').send(RECORD);
      expect(res.status).toBe(200);
      expect(predictor.logs).toContainEqual(expect.objectContaining({ msg: 'predicted', request_id: 'json-predict-1', model_name: 'iris', model_version: 1, shape: 'record' }));
      const metrics = await request(predictor.app).get('/metrics');
      expect(metrics.text).toMatch(/^tabula_predictions_total\{[^}]*model_version="1"[^}]*\} [1-9]/m);
    });
  });

  describe('POST /predict_batch', () => {
    it('should answer one prediction per record, in order', async () => {
      const setosa = { 'sepal.length': 5.1, 'sepal.width': 3.5, 'petal.length': 1.4, 'petal.width': 0.2 };
      const res = await request(predictor.app).post('/predict_batch?model_name=iris').send([setosa, RECORD, setosa]);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ predictions: ['Setosa', 'Virginica', 'Setosa'], model_name: 'iris', model_version: 2 });
    });
  });

  describe('POST /predict with a CSV upload', () => {
    it('should score a small file into one JSON answer, fields after the file included', async () => {
      const res = await request(predictor.app).post('/predict').attach('input_file', await readFile(IRIS_CSV), 'iris.csv').field('model_name', 'iris');
      expect(res.status).toBe(200);
      expect(res.body.predictions).toHaveLength(150);
      expect(res.body).toMatchObject({ model_name: 'iris', model_version: 2 });
      // The label column is ignored by the model; the forest gets most of its own training set right.
      expect(res.body.predictions.filter((p: string, i: number) => p === LABELS[Math.floor(i / 50)]).length).toBeGreaterThan(135);
    });

    it('should keep input order over many blocks scored in parallel (JSON answer)', async () => {
      expect(bigCsv.length).toBeGreaterThan(2 * BLOCK_BYTES);
      const res = await request(predictor.app)
        .post('/predict?return_proba=true')
        .field('model_name', 'iris')
        .attach('input_file', Buffer.from(bigCsv), 'big.csv');
      expect(res.status).toBe(200);
      expect(res.body.predictions).toHaveLength(N_ROWS);
      expect(res.body).toEqual(expected);
    });

    it('should keep input order over many blocks in a streamed CSV answer, numbering rows as the file does', async () => {
      const { res, text } = await streamBigCsv('format=csv&model_name=iris&return_proba=true');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['x-model-version']).toBe('2');
      const [header, ...lines] = text.trimEnd().split('\n');
      expect(header).toBe(`row,prediction,${LABELS.map((label) => `proba_${label}`).join(',')}`);
      expect(lines).toHaveLength(N_ROWS);
      const expectedLines = expected.predictions.map((prediction, i) => [i + 1, prediction, ...LABELS.map((l) => expected.probabilities[i][l])].join(','));
      expect(lines).toEqual(expectedLines);
    });

    it('should keep input order in a streamed NDJSON answer', async () => {
      const { res, text } = await streamBigCsv('format=ndjson&model_name=iris');
      expect(res.status).toBe(200);
      const answers = text.trimEnd().split('\n').map((line) => JSON.parse(line) as { row: number; prediction: string });
      expect(answers.map((answer) => answer.row)).toEqual(expected.predictions.map((_, i) => i + 1));
      expect(answers.map((answer) => answer.prediction)).toEqual(expected.predictions);
    });
  });
});
