import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JobAcceptedSchema, JobSchema, TrainResponseSchema } from '@tabula/contracts';
import request from 'supertest';
import { IRIS_FORM, postIris, testTrainer, waitForJob, type TestTrainer } from './test-trainer.js';

let trainer: TestTrainer;

beforeAll(async () => {
  trainer = await testTrainer();
});

afterAll(async () => {
  await trainer.close();
});

describe('POST /train', () => {
  describe('synchronously', () => {
    it('should answer 201 with the new version, stored in the models dir, and delete the upload', async () => {
      const res = await postIris(trainer.app).expect(201);
      const trained = TrainResponseSchema.parse(res.body);
      expect(trained).toMatchObject({ model_name: 'iris', version: 1, model_type: 'RandomForestClassifier', target_column: 'variety', status: 'ready', random_state: 7 });
      expect(trained.class_labels).toEqual(['Setosa', 'Versicolor', 'Virginica']);
      expect(trained.n_rows).toBe(150);

      const stored = await trainer.store.readMetadata('iris', 1);
      expect(stored).toMatchObject({ model_name: 'iris', version: 1, status: 'ready', dataset: { n_rows: 150 } });
      expect(stored.created_at).toBe(trained.created_at);
      expect(await trainer.listUploads()).toEqual([]);
    });

    it('should store each training as the next version of its model', async () => {
      const res = await postIris(trainer.app).expect(201);
      expect(res.body.version).toBe(2);
      expect((await trainer.store.listVersions('iris')).map((metadata) => metadata.version)).toEqual([1, 2]);
    });
  });

  describe('with async=true', () => {
    it.each([
      ['the query', '/train?async=true', IRIS_FORM],
      ['a form field', '/train', { ...IRIS_FORM, async: 'true' }],
    ])('should answer 202 with the job (async in %s), which then ends succeeded with the version', async (_where, path, fields) => {
      const res = await postIris(trainer.app, { ...fields, model_name: 'iris-async' }, path).expect(202);
      const accepted = JobAcceptedSchema.parse(res.body);
      expect(res.headers.location).toBe(`/jobs/${accepted.job_id}`);
      expect(accepted.links.self).toBe(res.headers.location);

      const job = JobSchema.parse(await waitForJob(trainer.app, accepted.job_id));
      expect(job).toMatchObject({ job_id: accepted.job_id, status: 'succeeded', async: true, model_name: 'iris-async', progress: { stage: 'done' } });
      const version = job.result?.version ?? -1;
      expect((await trainer.store.readMetadata('iris-async', version)).status).toBe('ready');

      const listed = await request(trainer.app).get('/jobs').query({ status: 'succeeded' }).expect(200);
      expect(listed.body.jobs.map((entry: { job_id: string }) => entry.job_id)).toContain(accepted.job_id);
    });
  });
});
