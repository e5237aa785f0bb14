import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openModelStore, type ModelStore } from '@tabula/model-store';
import request from 'supertest';
import { metricValue } from './metric-value.js';
import { createTempPredictor, storeVersion, trainIris, varyingIrisCsv, type TempPredictor } from './temp-predictor.js';

// A request pins name@ref to a version once; its blocks then use that version without listing the
// model's directory again. Deleting a version (the trainer's DELETE, on the same volume) must still
// take it out of service at once, loaded or not, on the main thread and in the scoring workers.

const RECORD = { 'sepal.length': 6.3, 'sepal.width': 3.3, 'petal.length': 6, 'petal.width': 2.5 };
/** Rows of the large file: some 5 MB, five blocks of BLOCK_BYTES. */
const N_ROWS = 250_000;

/** The store, with every resolution it is asked for noted in `resolutions`. */
function countingResolutions(resolutions: string[]): (store: ModelStore) => ModelStore {
  return (store) => ({
    ...store,
    resolveVersion: (name, ref) => {
      resolutions.push(`${name}@${ref ?? ''}`);
      return store.resolveVersion(name, ref);
    },
  });
}

describe.each([
  { threads: 'on the main thread', workers: '0' },
  { threads: 'in a scoring worker', workers: '1' },
])('the predictor app, scoring $threads', ({ workers }) => {
  let predictor: TempPredictor;
  const resolutions: string[] = [];
  /** Five blocks: each goes to the worker when there is one (past 64 KB). */
  const csv = varyingIrisCsv(N_ROWS);
  const streamCsv = (ref: string) =>
    request(predictor.app).post(`/predict?format=ndjson&model_name=iris&model_version=${ref}`).attach('input_file', Buffer.from(csv), 'big.csv');

  beforeAll(async () => {
    predictor = await createTempPredictor({ SCORING_WORKERS: workers }, { wrapStore: countingResolutions(resolutions) });
    const trained = await trainIris(5);
    for (let i = 0; i < 3; i++) await storeVersion(predictor.store, 'iris', trained);
  });
  afterAll(() => predictor.close());

  it('should resolve a streamed CSV of many blocks once, however many blocks it has', async () => {
    const lookups = async () =>
      (await metricValue(predictor.app, 'tabula_model_cache_lookups_total', 'result="miss"')) +
      (await metricValue(predictor.app, 'tabula_model_cache_lookups_total', 'result="hit"'));
    const lookupsBefore = await lookups();
    resolutions.length = 0;
    const res = await streamCsv('latest');
    expect(res.status).toBe(200);
    expect(res.headers['x-model-version']).toBe('3');
    expect(resolutions).toEqual(['iris@latest']);
    // Each block (about 1 MB of the 5 MB) was a scoring job that looked its model up.
    expect((await lookups()) - lookupsBefore).toBeGreaterThanOrEqual(4);
  });

  it('should resolve a CSV scored into one JSON answer once', async () => {
    resolutions.length = 0;
    const res = await request(predictor.app).post('/predict').field('model_name', 'iris').attach('input_file', Buffer.from(csv), 'big.csv');
    expect(res.status).toBe(200);
    expect(res.body.predictions).toHaveLength(N_ROWS);
    expect(resolutions).toEqual(['iris@']);
  });

  it('should stop serving a version at once when the trainer deletes it, though it is loaded', async () => {
    expect((await request(predictor.app).post('/predict?model_name=iris&model_version=3').send(RECORD)).status).toBe(200);
    expect((await streamCsv('3')).status).toBe(200);
    // The trainer's delete: another process's store over the same volume.
    await openModelStore(predictor.root).deleteVersion('iris', 3);

    const json = await request(predictor.app).post('/predict?model_name=iris&model_version=3').send(RECORD);
    expect(json.status).toBe(404);
    expect(json.body.error.code).toBe('VERSION_NOT_FOUND');
    const streamed = await streamCsv('3');
    expect(streamed.status).toBe(404);
    expect(streamed.body.error.code).toBe('VERSION_NOT_FOUND');
    const latest = await request(predictor.app).post('/predict?model_name=iris').send(RECORD);
    expect(latest.body.model_version).toBe(2);
  });
});
