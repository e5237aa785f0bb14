import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DriftReportSchema, MonitoringReportListSchema, PerformanceReportSchema } from '@tabula/contracts';
import request from 'supertest';
import { IRIS_CSV, createTempPredictor, storeVersion, trainIris, type TempPredictor } from './temp-predictor.js';

// Performance and drift checks of an uploaded CSV against a stored version, run through the
// scoring port (inline, and on a worker), and the reports they store under the model, listed newest first.

describe.each([
  { threads: 'inline', workers: '0' },
  { threads: 'on a scoring worker', workers: '1' },
])('the predictor app: monitoring, checks run $threads', ({ workers }) => {
  let predictor: TempPredictor;
  let iris: Buffer;

  beforeAll(async () => {
    predictor = await createTempPredictor({ SCORING_WORKERS: workers });
    await storeVersion(predictor.store, 'iris', await trainIris(10));
    iris = await readFile(IRIS_CSV);
  });
  afterAll(() => predictor.close());

  describe('POST /monitoring/performance', () => {
    it('should score a labelled upload and compare its metrics with the version’s own', async () => {
      const res = await request(predictor.app)
        .post('/monitoring/performance')
        .field('model_name', 'iris')
        .field('target_column', 'variety')
        .attach('input_file', iris, 'iris.csv');
      expect(res.status).toBe(200);
      const report = PerformanceReportSchema.parse(res.body);
      expect(report).toMatchObject({ model_name: 'iris', model_version: 1, n_rows: 150, target_column: 'variety' });
      expect(report.metrics.accuracy).toBeGreaterThan(0.9);
      expect(report.delta.accuracy).toBeCloseTo(report.metrics.accuracy - report.training_metrics.accuracy, 10);
    });

    it('should answer 400 naming target_column when it is missing', async () => {
      const res = await request(predictor.app).post('/monitoring/performance').field('model_name', 'iris').attach('input_file', iris, 'iris.csv');
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'INVALID_INPUT', details: [expect.objectContaining({ path: 'target_column' })] });
    });
  });

  describe('POST /monitoring/drift', () => {
    it('should compare an upload with the training reference: its own training data does not drift', async () => {
      const res = await request(predictor.app).post('/monitoring/drift').field('model_name', 'iris').attach('input_file', iris, 'iris.csv');
      expect(res.status).toBe(200);
      const report = DriftReportSchema.parse(res.body);
      expect(report).toMatchObject({ model_name: 'iris', model_version: 1, n_rows: 150, status: 'ok' });
      expect(Object.keys(report.features).sort()).toEqual(['petal.length', 'petal.width', 'sepal.length', 'sepal.width']);
    });
  });

  describe('GET /monitoring/{kind}', () => {
    it('should list the stored reports of the version', async () => {
      const res = await request(predictor.app).get('/monitoring/performance?model_name=iris');
      expect(res.status).toBe(200);
      const list = MonitoringReportListSchema.parse(res.body);
      expect(list).toMatchObject({ model_name: 'iris', model_version: 1, kind: 'performance' });
      expect(list.reports).toHaveLength(1);
      expect(list.reports[0]).toMatchObject({ kind: 'performance', target_column: 'variety' });
    });

    it('should answer 404 for a model never stored', async () => {
      const res = await request(predictor.app).get('/monitoring/drift?model_name=nope');
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('MODEL_NOT_FOUND');
    });
  });
});
