import { beforeAll, describe, expect, it } from '@jest/globals';
import { JSON_MAX_DEPTH, JobAcceptedSchema, JobSchema, type Job } from '@tabula/contracts';
import { errorText, expectError, expectStatus } from '../support/expectations.js';
import { getBytes, getJson, postForm, postJson, postParts, type ApiResponse } from '../support/http.js';
import type { Platform } from '../support/platform.js';
import { makeClassificationCsv } from '../support/synthetic-csv.js';
import { csvBytes, predict, train, trainOk } from '../support/tabula.js';
import { usePlatform } from '../support/use-platform.js';

// Inputs that once cost a 500, a lost training worker or gigabytes: JSON nested 100,000 deep
// anywhere a service reads JSON, and models past the size caps. Each must be a 4xx that names the
// limit, and leave the trainer able to train.

const DEPTH = 100_000;
const deepObject = (depth = DEPTH) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const deepArray = (depth = DEPTH) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** A forest on generated rows that takes a few seconds: long enough to hold the one worker. */
const SLOW = { file: csvBytes(makeClassificationCsv(20_000, 1), 'slow.csv'), params: '{"n_estimators": 40, "random_state": 3}' };
const JOB_TIMEOUT_MS = 240_000;

async function waitForJob(platform: Platform, id: string, isDone: (job: Job) => boolean): Promise<Job> {
  const deadline = Date.now() + JOB_TIMEOUT_MS;
  for (;;) {
    const res = await getJson(`${platform.gatewayUrl}/jobs/${id}`);
    expectStatus(res, 200);
    const job = JobSchema.parse(res.body);
    if (isDone(job)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status} after ${JOB_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const hasEnded = (job: Job) => !['queued', 'running'].includes(job.status);

/** Expects 400 INVALID_INPUT that names the field (or what was read) and the depth limit. */
function expectTooDeep(res: ApiResponse, platform: Platform, names: string): void {
  expectError(res, ['INVALID_INPUT'], platform);
  expect(errorText(res)).toContain(names);
  expect(errorText(res)).toContain(String(JSON_MAX_DEPTH));
}

/** The file: 20,000 rows, a 10,000-class target, about 438 KB. */
function manyClassesCsv(nClasses: number): string {
  const lines = ['x1,x2,x3,label'];
  for (let row = 0; row < 2 * nClasses; row++) lines.push(`${((row * 7919) % 9973) / 1000},${((row * 104729) % 9967) / 1000},${(row % 83) / 100},c${row % nClasses}`);
  return `${lines.join('\n')}\n`;
}

/** A text column "city" with `nCities` values, and `nNumeric` numeric columns. */
function wideCsv(nCities: number, nNumeric: number): string {
  const header = [...Array.from({ length: nNumeric }, (_, i) => `x${i}`), 'city', 'label'];
  const rows = Array.from({ length: 200 }, (_, row) => [...Array.from({ length: nNumeric }, (_, i) => String((row * (i + 3)) % 17)), `city${row % nCities}`, row % 2 ? 'yes' : 'no']);
  return `${[header, ...rows].map((cells) => cells.join(',')).join('\n')}\n`;
}

/** Small caps to reach with small files; MAX_CLASSES keeps its default (100). */
const CAPS = { MAX_CATEGORIES: '50', MAX_FEATURES: '60' };

describe('bounded JSON and model-size caps (TRAINER_WORKERS=1, TRAINER_QUEUE_MAX=1)', () => {
  const platform = usePlatform({ env: { TRAINER_WORKERS: '1', TRAINER_QUEUE_MAX: '1', ...CAPS } });

  beforeAll(async () => {
    await trainOk(platform, { model_name: 'iris' });
  }, 120_000);

  describe(`JSON nested ${DEPTH.toLocaleString('en')} levels deep`, () => {
    it.each([
      ['model_params', deepObject()],
      ['min_metrics', deepObject()],
      ['columns_to_drop', deepArray()],
    ])('should refuse it in the /train field %s with 400 naming the field and the limit', async (field, value) => {
      expectTooDeep(await train(platform, { [field]: value }), platform, field);
    });

    it('should refuse it in the /predict form field columns_to_drop', async () => {
      expectTooDeep(await predict(platform, { model_name: 'iris', columns_to_drop: deepArray() }), platform, 'columns_to_drop');
    });

    it.each([
      ['/predict?model_name=iris', `{"sepal.length": ${deepArray()}}`],
      ['/predict?model_name=iris', `{"dataframe_records": [${deepObject()}]}`],
      ['/predict_batch?model_name=iris', `[${deepObject()}]`],
    ])('should refuse it in a JSON body of %s with 400 naming the limit', async (path, body) => {
      expectTooDeep(await postJson(`${platform.gatewayUrl}${path}`, body), platform, 'request body');
    });

    it("should refuse an import whose header hides it in the metadata's params", async () => {
      const exported = await getBytes(`${platform.gatewayUrl}/models/iris/versions/1/export`);
      expect(exported.status).toBe(200);
      const newline = exported.bytes.indexOf(0x0a);
      const header = JSON.parse(exported.bytes.subarray(0, newline).toString('utf8')) as { metadata: { params: { given: Record<string, unknown> } } };
      header.metadata.params.given = { n_estimators: 25, random_state: 7, note: '__DEEP__' };
      const line = JSON.stringify(header).replace('"__DEEP__"', deepObject());
      const file = Buffer.concat([Buffer.from(line, 'utf8'), exported.bytes.subarray(newline)]);
      const res = await postParts(`${platform.gatewayUrl}/models/iris-deep/import`, [
        { name: 'file', file: { content: file, filename: 'iris-deep.tabula-model', type: 'application/octet-stream' } },
      ]);
      expectTooDeep(res, platform, 'export header');
      expectError(await getJson(`${platform.gatewayUrl}/models/iris-deep`), ['MODEL_NOT_FOUND'], platform);
    });

    it('should still read JSON exactly at the limit', async () => {
      const atLimit = `{"dataframe_records": [{"sepal.length": 5.1, "sepal.width": 3.5, "petal.length": 1.4, "petal.width": 0.2, "x": ${deepArray(JSON_MAX_DEPTH - 3)}}]}`;
      const res = await postJson(`${platform.gatewayUrl}/predict?model_name=iris`, atLimit);
      // Read; then scored or refused for its content (a list is no cell value), not for its depth.
      expect({ status: res.status, text: errorText(res) }).toEqual({ status: expect.any(Number), text: expect.not.stringContaining('levels deep') });
      expect(res.status).toBeLessThan(500);
    });
  });

  describe('a training worker after requests that failed at its door', () => {
    it('should still train, and still refuse with 429 once its one waiting place is taken', async () => {
      for (let i = 0; i < 3; i++) {
        const res = await train(platform, { model_name: 'deep', model_params: deepObject() });
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }
      const submit = async (name: string) => {
        const res = await postForm(
          `${platform.gatewayUrl}/train?async=true`,
          { target_column: 'label', model_name: name, model_params: SLOW.params },
          { dataset_file: SLOW.file },
        );
        expectStatus(res, 202);
        return JobAcceptedSchema.parse(res.body).job_id;
      };
      const running = await submit('holds-the-worker');
      await waitForJob(platform, running, (job) => job.status !== 'queued');
      const queued = await submit('waits');
      expectError(await train(platform), ['TOO_MANY_REQUESTS'], platform);

      expect((await waitForJob(platform, running, hasEnded)).status).toBe('succeeded');
      expect((await waitForJob(platform, queued, hasEnded)).status).toBe('succeeded');
      expect((await trainOk(platform, { model_name: 'after' })).body).toMatchObject({ model_name: 'after', version: 1 });
    }, JOB_TIMEOUT_MS);
  });

  describe('model-size caps at training', () => {
    it('should refuse the 10,000-class target of the issue with 413 naming MAX_CLASSES, as the synchronous answer and in the job', async () => {
      const file = csvBytes(manyClassesCsv(10_000), 'classes.csv');
      expect((file.content as string).length).toBeGreaterThan(400_000);
      const fields = { target_column: 'label', model_name: 'classes' };
      const res = await train(platform, fields, file);
      expectError(res, ['PAYLOAD_TOO_LARGE'], platform);
      expect(res.body.error.message).toBe('The target column "label" has 10000 classes; the limit is 100 (MAX_CLASSES).');
      expect(res.body.error.hint).toContain('MAX_CLASSES');

      const accepted = await postForm(`${platform.gatewayUrl}/train?async=true`, fields, { dataset_file: file });
      expectStatus(accepted, 202);
      const job = await waitForJob(platform, JobAcceptedSchema.parse(accepted.body).job_id, hasEnded);
      expect(job).toMatchObject({ status: 'failed', error: res.body.error });
      expect(job.progress.done).toBeUndefined();
    });

    it('should refuse a text column past MAX_CATEGORIES, naming the column, and a matrix past MAX_FEATURES', async () => {
      const categories = await train(platform, { target_column: 'label', model_name: 'cities' }, csvBytes(wideCsv(51, 2), 'cities.csv'));
      expectError(categories, ['PAYLOAD_TOO_LARGE'], platform);
      expect(categories.body.error.message).toBe('The text column "city" has 51 categories; the limit is 50 (MAX_CATEGORIES).');

      // 20 numeric columns and 41 one-hot columns of city: 61 model inputs.
      const features = await train(platform, { target_column: 'label', model_name: 'wide' }, csvBytes(wideCsv(41, 20), 'wide.csv'));
      expectError(features, ['PAYLOAD_TOO_LARGE'], platform);
      expect(features.body.error.message).toBe('After one-hot encoding, the training data has 61 features; the limit is 60 (MAX_FEATURES).');

      // At the caps: 50 categories, 60 features.
      expectStatus(await train(platform, { target_column: 'label', model_name: 'wide' }, csvBytes(wideCsv(40, 20), 'wide.csv')), 201);
      expectStatus(await train(platform, { target_column: 'label', model_name: 'cities', model_type: 'LogisticRegression', model_params: '{}' }, csvBytes(wideCsv(50, 2), 'cities.csv')), 201);
    }, JOB_TIMEOUT_MS);
  });
});
