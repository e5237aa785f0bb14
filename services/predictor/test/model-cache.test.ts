import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { metricValue } from './metric-value.js';
import { createTempPredictor, storeVersion, trainIris, type TempPredictor, type TrainedIris } from './temp-predictor.js';

// The loaded-model cache is an LRU bounded by MODEL_CACHE_MB of estimated model memory: loading
// more versions than fit evicts the least recently used, which loads again when asked for.

const RECORD = { 'sepal.length': 6.3, 'sepal.width': 3.3, 'petal.length': 6, 'petal.width': 2.5 };

describe('the predictor app: MODEL_CACHE_MB', () => {
  let trained: TrainedIris;
  let predictor: TempPredictor;
  let cacheBytes: number;

  const predictWith = async (version: number) => {
    const res = await request(predictor.app).post(`/predict?model_name=iris&model_version=${version}`).send(RECORD);
    expect(res.status).toBe(200);
    expect(res.body.model_version).toBe(version);
  };
  const loadedVersions = () => predictor.logs.filter((line) => line.msg === 'model loaded').map((line) => line.model_version);

  beforeAll(async () => {
    trained = await trainIris(20);
    // A room for one of these models and a half: a second one evicts the first.
    cacheBytes = Math.round(1.5 * trained.model.memoryBytes);
    predictor = await createTempPredictor({ MODEL_CACHE_MB: String(cacheBytes / (1024 * 1024)) });
    await storeVersion(predictor.store, 'iris', trained);
    await storeVersion(predictor.store, 'iris', trained);
  });
  afterAll(() => predictor.close());

  it('should keep a version loaded while it fits: a second request hits the cache', async () => {
    await predictWith(1);
    await predictWith(1);
    expect(loadedVersions()).toEqual([1]);
    // One loaded version fits the budget; two do not.
    const memoryBytes = Number(predictor.logs.find((line) => line.msg === 'model loaded')?.memory_bytes);
    expect(memoryBytes).toBeLessThanOrEqual(cacheBytes);
    expect(2 * memoryBytes).toBeGreaterThan(cacheBytes);
    expect(await metricValue(predictor.app, 'tabula_model_cache_lookups_total', 'result="miss"')).toBe(1);
    expect(await metricValue(predictor.app, 'tabula_model_cache_lookups_total', 'result="hit"')).toBe(1);
  });

  it('should evict the least recently used version for one that does not fit beside it, and load it again when asked', async () => {
    await predictWith(2);
    await predictWith(2);
    await predictWith(1);
    expect(loadedVersions()).toEqual([1, 2, 1]);
    expect(await metricValue(predictor.app, 'tabula_model_cache_lookups_total', 'result="miss"')).toBe(3);
    expect(await metricValue(predictor.app, 'tabula_model_cache_lookups_total', 'result="hit"')).toBe(2);
    expect(await metricValue(predictor.app, 'tabula_model_load_seconds_count')).toBe(3);
  });
});
