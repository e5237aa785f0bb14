import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ErrorBodySchema, type ErrorBody } from '@tabula/contracts';
import { REQUEST_ID_HEADER } from '@tabula/service-kit';
import request from 'supertest';
import { IRIS_CSV, IRIS_FORM, postIris, testTrainer, type TestTrainer } from './test-trainer.js';

// The error middleware's branches as the trainer's clients meet them: each answer is the one JSON
// error shape, with the request id, a status from the one table, and no stack or path.

let trainer: TestTrainer;
/** MAX_UPLOAD_MB of 1 KB (2⁻¹⁰ MB), so samples/iris.csv (3.9 KB) is too large. */
let small: TestTrainer;

beforeAll(async () => {
  trainer = await testTrainer();
  small = await testTrainer({ MAX_UPLOAD_MB: String(2 ** -10) });
});

afterAll(async () => {
  await Promise.all([trainer?.close(), small?.close()]);
});

/** The error body, checked against the contract, with the request id the answer's header carries. */
function errorOf(res: request.Response): ErrorBody['error'] {
  const body = ErrorBodySchema.parse(res.body);
  expect(body.request_id).toBe(res.headers[REQUEST_ID_HEADER]);
  expect(res.text).not.toMatch(/\bat .*\.js:\d+|\/tmp\//);
  return body.error;
}

describe('a request the trainer cannot take', () => {
  describe('a bad form field', () => {
    it('should answer 400 INVALID_INPUT with a detail per bad field, and delete the upload', async () => {
      const res = await postIris(trainer.app, { model_name: 'iris', test_size: '2' }).expect(400);
      const error = errorOf(res);
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.details).toEqual(
        expect.arrayContaining([
          { path: 'target_column', message: expect.stringContaining('is required') },
          { path: 'test_size', message: 'must be below 1' },
        ]),
      );
      expect(await trainer.listUploads()).toEqual([]);
    });

    it('should answer 400 for a target column the file does not have, found by the worker thread', async () => {
      const res = await postIris(trainer.app, { ...IRIS_FORM, target_column: 'species' }).expect(400);
      expect(errorOf(res)).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('species') });
    });

    it('should answer 400 for the CSV sent under another field name', async () => {
      const res = await request(trainer.app).post('/train').field('target_column', 'variety').attach('input_file', IRIS_CSV).expect(400);
      expect(errorOf(res)).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('input_file') });
    });

    it('should answer 400 for a path parameter that is not a version number, naming it', async () => {
      const res = await request(trainer.app).delete('/models/iris/versions/latest').expect(400);
      expect(errorOf(res)).toMatchObject({ code: 'INVALID_INPUT', details: [expect.objectContaining({ path: 'version' })] });
    });

    it('should answer 400 for an alias body that is not JSON', async () => {
      const res = await request(trainer.app).put('/models/iris/aliases/production').set('content-type', 'application/json').send('{"version": ').expect(400);
      expect(errorOf(res)).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('not valid JSON') });
    });
  });

  describe('something that does not exist', () => {
    it.each([
      ['DELETE a version of an unknown model', () => request(trainer.app).delete('/models/nope/versions/1'), 'MODEL_NOT_FOUND'],
      ['PUT an alias of an unknown model', () => request(trainer.app).put('/models/nope/aliases/production').send({ version: 1 }), 'MODEL_NOT_FOUND'],
      ['DELETE an alias that is not set', () => request(trainer.app).delete('/models/nope/aliases/production'), 'MODEL_NOT_FOUND'],
      ['GET an unknown job', () => request(trainer.app).get('/jobs/00000000-0000-4000-8000-000000000000'), 'JOB_NOT_FOUND'],
      ['GET a route the trainer does not have', () => request(trainer.app).get('/models'), 'NOT_FOUND'],
    ])('should answer 404 to %s', async (_what, send, code) => {
      const res = await send().expect(404);
      expect(errorOf(res).code).toBe(code);
    });
  });

  describe('something too large', () => {
    it('should answer 413 PAYLOAD_TOO_LARGE to a training upload past MAX_UPLOAD_MB, and keep no part of it', async () => {
      const res = await postIris(small.app).expect(413);
      expect(errorOf(res)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', hint: expect.stringContaining('MAX_UPLOAD_MB') });
      expect(await small.listUploads()).toEqual([]);
      expect(await small.store.listModels()).toEqual([]);
    });

    it('should answer 413 to an import past MAX_UPLOAD_MB', async () => {
      const res = await request(small.app).post('/models/iris/import').attach('file', Buffer.alloc(4096, 1), 'iris-v1.tabula-model').expect(413);
      expect(errorOf(res).code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('should answer 413 to an alias body past its 16 KB bound', async () => {
      const res = await request(trainer.app)
        .put('/models/iris/aliases/production')
        .send({ version: 1, padding: 'x'.repeat(32 * 1024) })
        .expect(413);
      expect(errorOf(res).code).toBe('PAYLOAD_TOO_LARGE');
    });
  });
});
