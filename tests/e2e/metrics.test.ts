import { describe, expect, it } from '@jest/globals';
import { readCsv } from '../support/csv.js';
import { get, getJson, postJson, postParts } from '../support/http.js';
import { waitForLogLines } from '../support/logs.js';
import { SERVICE_NAMES } from '../support/platform.js';
import { scrape, sumOf } from '../support/prometheus.js';
import { IRIS_PREDICT, csvPart, predictOk, train, trainOk } from '../support/tabula.js';
import { usePlatform } from '../support/use-platform.js';

const IRIS_PREDICT_ROWS = readCsv(IRIS_PREDICT).rows.length;

describe('Observability: GET /metrics, access logs and request ids', () => {
  const platform = usePlatform({ env: { LOG_LEVEL: 'info', SCORING_WORKERS: '1' } });

  it('should serve Prometheus text on every service, tagged with the service, with event-loop lag and process figures', async () => {
    for (const service of SERVICE_NAMES) {
      const samples = await scrape(platform.urls[service]);
      const own = samples.filter((s) => s.labels.service === service);
      expect(own.length).toBeGreaterThan(0);
      expect(own.length).toBe(samples.length);
      expect(sumOf(samples, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
      expect(samples.some((s) => s.name === 'nodejs_eventloop_lag_p99_seconds')).toBe(true);
      expect(sumOf(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
      const docs = await getJson(`${platform.urls[service]}/openapi.json`);
      expect(Object.keys(docs.body.paths)).toContain('/metrics');
    }
  });

  it('should count requests and their latency by route template and status, never by raw path', async () => {
    await trainOk(platform, { model_name: 'routes' });
    expect((await get(`${platform.gatewayUrl}/models/routes/versions/1`)).status).toBe(200);
    expect((await get(`${platform.gatewayUrl}/models/no-such-model-xyz/versions/9`)).status).toBe(404);
    expect((await get(`${platform.gatewayUrl}/no/such/path/abc123`)).status).toBe(404);

    const route = '/models/:name/versions/:version';
    for (const service of ['gateway', 'predictor'] as const) {
      const samples = await scrape(platform.urls[service]);
      expect(sumOf(samples, 'tabula_http_requests_total', { method: 'GET', route, status: '200' })).toBeGreaterThanOrEqual(1);
      expect(sumOf(samples, 'tabula_http_requests_total', { method: 'GET', route, status: '404' })).toBeGreaterThanOrEqual(1);
      expect(sumOf(samples, 'tabula_http_request_duration_seconds_count', { method: 'GET', route, status: '200' })).toBeGreaterThanOrEqual(1);
      const routes = new Set(samples.filter((s) => s.name === 'tabula_http_requests_total').map((s) => s.labels.route));
      expect([...routes].filter((r) => /routes|no-such|abc123/.test(r))).toEqual([]);
    }
    const gateway = await scrape(platform.gatewayUrl);
    expect(sumOf(gateway, 'tabula_http_requests_total', { route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(sumOf(gateway, 'tabula_http_requests_total', { method: 'POST', route: '/train', status: '201' })).toBeGreaterThanOrEqual(1);
  });

  it('should count predictions and rows scored by model and version, and model cache hits, misses and load time', async () => {
    await trainOk(platform, { model_name: 'counted' });
    const labels = { model_name: 'counted', model_version: '1' };
    const before = await scrape(platform.predictorUrl);

    await predictOk(platform, { model_name: 'counted' });
    await predictOk(platform, { model_name: 'counted', format: 'ndjson' });
    const record = { 'sepal.length': 5.1, 'sepal.width': 3.5, 'petal.length': 1.4, 'petal.width': 0.2 };
    expect((await postJson(`${platform.gatewayUrl}/predict?model_name=counted`, record)).status).toBe(200);
    const refused = await postJson(`${platform.gatewayUrl}/predict?model_name=counted`, { a: 'not a feature' });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);

    const after = await scrape(platform.predictorUrl);
    const delta = (name: string, match: Record<string, string> = {}) => sumOf(after, name, match) - sumOf(before, name, match);
    expect(delta('tabula_predictions_total', labels)).toBe(3);
    expect(delta('tabula_rows_scored_total', labels)).toBe(2 * IRIS_PREDICT_ROWS + 1);
    expect(sumOf(after, 'tabula_model_cache_lookups_total', { result: 'miss' })).toBeGreaterThanOrEqual(1);
    expect(delta('tabula_model_cache_lookups_total', { result: 'hit' })).toBeGreaterThanOrEqual(1);
    expect(sumOf(after, 'tabula_model_load_seconds_count')).toBe(sumOf(after, 'tabula_model_cache_lookups_total', { result: 'miss' }));
  });

  it('should time trainings by model type and outcome, and show the jobs queued and running', async () => {
    await trainOk(platform, { model_name: 'timed', model_type: 'LogisticRegression', model_params: '{}' });
    const failed = await train(platform, { model_name: 'one-class' }, csvPart('tests/fixtures/one-class.csv'));
    expect(failed.status).toBe(400);

    const samples = await scrape(platform.trainerUrl);
    const succeeded = { model_type: 'LogisticRegression', outcome: 'succeeded' };
    expect(sumOf(samples, 'tabula_training_duration_seconds_count', succeeded)).toBe(1);
    expect(sumOf(samples, 'tabula_training_duration_seconds_sum', succeeded)).toBeGreaterThan(0);
    expect(sumOf(samples, 'tabula_training_duration_seconds_count', { model_type: 'RandomForestClassifier', outcome: 'failed' })).toBe(1);
    const jobs = samples.filter((s) => s.name === 'tabula_training_jobs');
    expect(jobs.map((s) => [s.labels.status, s.value]).sort()).toEqual([
      ['queued', 0],
      ['running', 0],
    ]);
  });

  it('should pass the x-request-id through gateway and predictor, echo it, and log one access line per service with route, model and version', async () => {
    await trainOk(platform, { model_name: 'traced' });
    const requestId = 'e2e-metrics-trace-1';
    const res = await postParts(
      `${platform.gatewayUrl}/predict`,
      [
        { name: 'model_name', value: 'traced' },
        { name: 'columns_to_drop', value: '["variety"]' },
        { name: 'input_file', file: csvPart(IRIS_PREDICT) },
      ],
      undefined,
      { accept: 'application/json', 'x-request-id': requestId },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe(requestId);

    const predictorLines = await waitForLogLines(platform, 'predictor', (line) => line.request_id === requestId, 2);
    expect(predictorLines.map((line) => line.msg)).toContain('predicted');
    const access = predictorLines.filter((line) => line.res !== undefined);
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({ route: '/predict', model_name: 'traced', model_version: 1, res: { status: 200 } });
    expect(access[0].duration_ms).toEqual(expect.any(Number));

    const gatewayAccess = await waitForLogLines(platform, 'gateway', (line) => line.request_id === requestId && line.res !== undefined);
    expect(gatewayAccess).toHaveLength(1);
    expect(gatewayAccess[0]).toMatchObject({ route: '/predict', res: { status: 200 } });
  });
});
