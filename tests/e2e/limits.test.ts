import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { isClusterStore } from '../support/cluster-store.js';
import { readCsv, toCsv, addColumn, type Table } from '../support/csv.js';
import { expectError, expectStatus } from '../support/expectations.js';
import { readRepoFile, request, type ApiResponse } from '../support/http.js';
import { IRIS, SMALL_FOREST } from '../support/tabula.js';
import { usePlatform } from '../support/use-platform.js';

// Limits, each with its own clear JSON error: requests per key per minute (429 + Retry-After),
// rows and columns per file (413); CORS only for configured origins; security headers everywhere.

const ADMIN_KEY = randomBytes(24).toString('hex');
const BUSY_KEY = randomBytes(24).toString('hex');
const OTHER_KEY = randomBytes(24).toString('hex');
const PER_MINUTE = 30;
const ORIGIN = 'https://app.example.com';
const IRIS_ROWS = 150;
/** 100 iris rows of 5 columns. */
const MONITORING_MAX_VALUES = 500;

const iris = readCsv(IRIS);
/** Iris with its rows repeated: one row past MAX_ROWS. */
const tooManyRows: Table = { header: iris.header, rows: [...iris.rows, iris.rows[0]] };
/** Iris with one more column than MAX_COLUMNS (the five iris columns). */
const tooManyColumns = addColumn(iris, 'extra', (i) => String(i));

describe('limits at the gateway and the services', () => {
  const platform = usePlatform({
    env: {
      TABULA_API_KEYS: `${ADMIN_KEY}:admin,${BUSY_KEY}:read,${OTHER_KEY}:read`,
      RATE_LIMIT_PER_MINUTE: String(PER_MINUTE),
      CORS_ORIGINS: `${ORIGIN}, https://other.example.com`,
      MAX_ROWS: String(IRIS_ROWS),
      MAX_COLUMNS: '5',
      MAX_STREAMED_ROWS: String(IRIS_ROWS),
      MONITORING_MAX_VALUES: String(MONITORING_MAX_VALUES),
    },
  });

  const call = (method: string, path: string, headers: Record<string, string>, body?: FormData): Promise<ApiResponse> =>
    request(`${platform.gatewayUrl}${path}`, { method, headers: { accept: 'application/json', ...headers }, body });
  const admin = { 'x-api-key': ADMIN_KEY };
  const trainForm = (csv: string): FormData => {
    const form = new FormData();
    form.append('dataset_file', new Blob([csv], { type: 'text/csv' }), 'train.csv');
    form.append('target_column', 'variety');
    form.append('model_type', 'RandomForestClassifier');
    form.append('model_params', SMALL_FOREST);
    form.append('model_name', 'iris');
    return form;
  };
  const predictForm = (csv: string): FormData => {
    // Fields before the file: a streamed prediction reads them first.
    const form = new FormData();
    form.append('model_name', 'iris');
    form.append('input_file', new Blob([csv], { type: 'text/csv' }), 'rows.csv');
    return form;
  };

  beforeAll(async () => {
    // Exactly at both limits: 150 rows, 5 columns.
    expectStatus(await call('POST', '/train', admin, trainForm(readRepoFile(IRIS).toString('utf8'))), 201);
  }, 120_000);

  describe('requests per key per minute', () => {
    it('should answer 429 with Retry-After past the budget, for that key only', async () => {
      const busy = { authorization: `Bearer ${BUSY_KEY}` };
      for (let i = 0; i < PER_MINUTE; i++) expectStatus(await call('GET', '/models', busy), 200);
      const refused = await call('GET', '/models', busy);
      expectError(refused, ['TOO_MANY_REQUESTS'], platform);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      // One gateway refills its token bucket one request every 60/N s; cluster mode's shared budget is a fixed window
      // (docs/operations.md, "Cluster mode: gateways"), so the wait is what is left of the minute.
      expect(retryAfter).toBeLessThanOrEqual(isClusterStore() ? 60 : 60 / PER_MINUTE + 1);
      expect(refused.body.error.hint).toContain('Retry-After');

      expectStatus(await call('GET', '/models', { 'x-api-key': OTHER_KEY }), 200);
      // Probes are never counted.
      expectStatus(await call('GET', '/health', busy), 200);
    });
  });

  describe('rows and columns per file', () => {
    it('should refuse a training file past MAX_ROWS or MAX_COLUMNS with 413, and store nothing', async () => {
      const rows = await call('POST', '/train', admin, trainForm(toCsv(tooManyRows)));
      expectError(rows, ['PAYLOAD_TOO_LARGE'], platform);
      expect(rows.body.error.message).toBe(`The CSV has more than ${IRIS_ROWS} data rows, the limit.`);
      const columns = await call('POST', '/train', admin, trainForm(toCsv(tooManyColumns)));
      expectError(columns, ['PAYLOAD_TOO_LARGE'], platform);
      expect(columns.body.error.message).toBe('The CSV has 6 columns; the limit is 5.');
      const versions = await call('GET', '/models/iris/versions', admin);
      expectStatus(versions, 200);
      expect(versions.text).not.toContain('"version":2');
    });

    it.each(['json', 'csv', 'ndjson'])('should refuse a file to score past the limits with 413 (format=%s)', async (format) => {
      const rows = await call('POST', `/predict?format=${format}`, admin, predictForm(toCsv(tooManyRows)));
      expectError(rows, ['PAYLOAD_TOO_LARGE'], platform);
      expect(rows.body.error.message).toBe(`The CSV has more than ${IRIS_ROWS} data rows, the limit.`);
      const columns = await call('POST', `/predict?format=${format}`, admin, predictForm(toCsv(tooManyColumns)));
      expectError(columns, ['PAYLOAD_TOO_LARGE'], platform);
      const atLimit = await call('POST', `/predict?format=${format}`, admin, predictForm(readRepoFile(IRIS).toString('utf8')));
      expectStatus(atLimit, 200);
    });

    it('should refuse a monitoring file past MONITORING_MAX_VALUES (rows × columns) with 413 and a hint', async () => {
      const form = predictForm(readRepoFile(IRIS).toString('utf8'));
      form.append('target_column', 'variety');
      const refused = await call('POST', '/monitoring/performance', admin, form);
      expectError(refused, ['PAYLOAD_TOO_LARGE'], platform);
      expect(refused.body.error.message).toBe(`The CSV has more than ${MONITORING_MAX_VALUES / 5} data rows of 5 columns; the limit is ${MONITORING_MAX_VALUES} values (rows × columns).`);
      expect(refused.body.error.hint).toMatch(/sample/);
      const rows = readCsv(IRIS).rows.slice(0, MONITORING_MAX_VALUES / 5);
      const sample = predictForm(toCsv({ header: iris.header, rows }));
      sample.append('target_column', 'variety');
      expectStatus(await call('POST', '/monitoring/performance', admin, sample), 200);
    });
  });

  describe('CORS and security headers', () => {
    it('should answer a preflight from a configured origin without a key, and name no other origin', async () => {
      const preflight = await call('OPTIONS', '/predict', {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');

      const allowed = await call('GET', '/models', { origin: ORIGIN, ...admin });
      expectStatus(allowed, 200);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(allowed.headers.get('access-control-expose-headers')).toContain('x-request-id');
      // A browser app reads which model answered and which dropped columns were absent, as curl does.
      expect(allowed.headers.get('access-control-expose-headers')).toContain('x-ignored-columns');

      const stranger = await call('GET', '/models', { origin: 'https://evil.example.net', ...admin });
      expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('should send security headers on every response of every service, errors included', async () => {
      const responses = [
        await call('GET', '/models', admin),
        await call('GET', '/models', {}),
        await call('GET', '/docs/', {}),
        ...(await Promise.all([platform.trainerUrl, platform.predictorUrl].map((url) => fetch(`${url}/health`)))).map((res) => ({ headers: res.headers })),
      ];
      for (const { headers } of responses) {
        expect(headers.get('x-content-type-options')).toBe('nosniff');
        expect(headers.get('x-frame-options')).toBe('DENY');
        expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
        expect(headers.get('x-powered-by')).toBeNull();
      }
    });
  });
});

describe('the per-address rate limit behind a trusted proxy (TRUST_PROXY)', () => {
  const platform = usePlatform({ env: { RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: 'loopback' } });
  const fromClient = (address: string) =>
    fetch(`${platform.gatewayUrl}/models`, { headers: { 'x-forwarded-for': address }, signal: AbortSignal.timeout(10_000) });

  it("should count each client's address from X-Forwarded-For, not the proxy's", async () => {
    for (let i = 0; i < 3; i++) expect((await fromClient('203.0.113.1')).status).toBe(200);
    const refused = await fromClient('203.0.113.1');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another client behind the same proxy has its own budget.
    expect((await fromClient('203.0.113.2')).status).toBe(200);
  });
});

describe('rows of a streamed answer (MAX_STREAMED_ROWS unset)', () => {
  const platform = usePlatform({ env: { MAX_ROWS: String(IRIS_ROWS) } });

  it('should stream a file past MAX_ROWS, whose memory stays flat, while a JSON answer refuses it', async () => {
    const form = new FormData();
    form.append('dataset_file', new Blob([readRepoFile(IRIS)], { type: 'text/csv' }), 'iris.csv');
    form.append('target_column', 'variety');
    form.append('model_params', SMALL_FOREST);
    expect((await fetch(`${platform.gatewayUrl}/train`, { method: 'POST', body: form })).status).toBe(201);
    const predictForm = () => {
      const body = new FormData();
      body.append('input_file', new Blob([toCsv(tooManyRows)], { type: 'text/csv' }), 'rows.csv');
      return body;
    };

    const streamed = await fetch(`${platform.gatewayUrl}/predict?format=csv`, { method: 'POST', body: predictForm() });
    expect(streamed.status).toBe(200);
    const lines = (await streamed.text()).trim().split('\n');
    expect(lines).toHaveLength(IRIS_ROWS + 2);
    expect(lines[lines.length - 1]).toMatch(new RegExp(`^${IRIS_ROWS + 1},`));

    const json = await fetch(`${platform.gatewayUrl}/predict`, { method: 'POST', body: predictForm() });
    expect(json.status).toBe(413);
  });
});
