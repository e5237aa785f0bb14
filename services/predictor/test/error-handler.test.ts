import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTempPredictor, storeVersion, trainIris, type TempPredictor } from './temp-predictor.js';

// Every branch of the one error handler, reached the way a client reaches it: through the
// predictor's routes. Each answer is the JSON error body with the request id, never a stack.

/** What every error body looks like: a code, a message, the request id, and no stack or path. */
function expectErrorBody(res: request.Response, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body).toMatchObject({ error: { code, message: expect.any(String) }, request_id: expect.any(String) });
  expect(res.body.request_id).toBe(res.headers['x-request-id']);
  expect(res.text).not.toMatch(/\bat .+\.js:\d+/);
}

describe('the predictor app', () => {
  let predictor: TempPredictor;

  beforeAll(async () => {
    predictor = await createTempPredictor({ MAX_JSON_MB: '0.01', MAX_JSON_ROWS: '50' });
    await storeVersion(predictor.store, 'iris', await trainIris(5));
  });
  afterAll(() => predictor.close());

  describe('a TabulaError', () => {
    it('should answer with the status of its code in ERROR_STATUS, and its message and hint', async () => {
      const res = await request(predictor.app).post('/predict?model_name=nope').send({ 'sepal.length': 5 });
      expectErrorBody(res, 404, 'MODEL_NOT_FOUND');
      expect(res.body.error.message).toContain('"nope"');
      expect(res.body.error.hint).toEqual(expect.any(String));
    });

    it('should answer 404 VERSION_NOT_FOUND for a version never stored', async () => {
      const res = await request(predictor.app).post('/predict_batch?model_name=iris&model_version=9').send([{ 'sepal.length': 5 }]);
      expectErrorBody(res, 404, 'VERSION_NOT_FOUND');
    });
  });

  describe('invalid input (a zod schema refused it)', () => {
    it('should answer 400 INVALID_INPUT with one detail per bad field', async () => {
      const res = await request(predictor.app).post('/predict_batch?model_name=iris&return_proba=perhaps').send([{ 'sepal.length': 5 }]);
      expectErrorBody(res, 400, 'INVALID_INPUT');
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'return_proba' })]);
    });

    it('should name the record and field of a JSON body of the wrong shape', async () => {
      const res = await request(predictor.app).post('/predict_batch?model_name=iris').send([{ 'sepal.length': { nested: true } }]);
      expectErrorBody(res, 400, 'INVALID_INPUT');
      expect(res.body.error.details[0].path).toContain('0');
    });
  });

  describe('a malformed JSON body', () => {
    it('should answer 400 INVALID_INPUT saying the body is not valid JSON', async () => {
      const res = await request(predictor.app).post('/predict?model_name=iris').set('content-type', 'application/json').send('{"sepal.length": ');
      expectErrorBody(res, 400, 'INVALID_INPUT');
      expect(res.body.error.message).toContain('JSON');
    });
  });

  describe('a payload too large', () => {
    it('should answer 413 PAYLOAD_TOO_LARGE for a body past MAX_JSON_MB', async () => {
      const body = JSON.stringify([{ 'sepal.length': 5, padding: 'x'.repeat(20_000) }]);
      const res = await request(predictor.app).post('/predict_batch?model_name=iris').set('content-type', 'application/json').send(body);
      expectErrorBody(res, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('should answer 413 PAYLOAD_TOO_LARGE naming MAX_JSON_ROWS for more rows than it allows', async () => {
      const res = await request(predictor.app).post('/predict_batch?model_name=iris').send(Array.from({ length: 51 }, () => ({ 'sepal.length': 5 })));
      expectErrorBody(res, 413, 'PAYLOAD_TOO_LARGE');
      expect(res.body.error.message).toContain('MAX_JSON_ROWS');
    });
  });

  describe('an unknown route', () => {
    it('should answer 404 NOT_FOUND naming the method and path, in JSON', async () => {
      const res = await request(predictor.app).get('/no/such/route');
      expectErrorBody(res, 404, 'NOT_FOUND');
      expect(res.body.error.message).toBe('No route GET /no/such/route.');
    });
  });
});

describe('the predictor app over a models dir it cannot list', () => {
  let predictor: TempPredictor;
  let dir: string;

  beforeAll(async () => {
    // A file where the volume should be: every listing fails with ENOTDIR, an error no route expects.
    dir = await mkdtemp(join(tmpdir(), 'tabula-predictor-not-a-dir-'));
    const notADir = join(dir, 'models');
    await writeFile(notADir, 'not a directory');
    predictor = await createTempPredictor({}, { modelsDir: notADir });
  });
  afterAll(async () => {
    await predictor.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('should answer an internal error with a generic 500, and log it with its stack and request id', async () => {
    const res = await request(predictor.app).get('/models');
    expectErrorBody(res, 500, 'INTERNAL');
    expect(res.body.error.message).toBe('An internal error occurred. It has been logged with this request id.');
    expect(res.text).not.toContain('ENOTDIR');
    expect(res.text).not.toContain(predictor.root);
    const logged = predictor.logs.find((line) => line.level === 'error' && line.code === 'INTERNAL');
    expect(logged).toMatchObject({ request_id: res.body.request_id, err: { stack: expect.stringContaining('ENOTDIR') } });
  });
});
