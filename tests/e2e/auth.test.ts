import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { expectError, expectStatus } from '../support/expectations.js';
import { readRepoFile, request, type ApiResponse } from '../support/http.js';
import { IRIS, IRIS_PREDICT, SMALL_FOREST } from '../support/tabula.js';
import { usePlatform } from '../support/use-platform.js';

// API keys at the gateway: every route with no key, a wrong key, a read-only key and an admin key.

const ADMIN_KEY = randomBytes(24).toString('hex');
const READ_KEY = randomBytes(24).toString('hex');
/** A read key that only the key file holds. */
const FILE_KEY = randomBytes(24).toString('hex');
const KEYS_FILE = join(mkdtempSync(join(tmpdir(), 'tabula-keys-')), 'api-keys');
writeFileSync(KEYS_FILE, `# read keys for dashboards\n\n${FILE_KEY}:read\n`);

type Body = () => FormData | string | undefined;

interface Route {
  method: string;
  path: string;
  role: 'read' | 'admin';
  /** The status a key allowed on the route gets: the service's own answer, auth passed. */
  allowed: number;
  body?: Body;
}

const irisForm = (): FormData => {
  const form = new FormData();
  form.append('dataset_file', new Blob([readRepoFile(IRIS)], { type: 'text/csv' }), 'iris.csv');
  form.append('target_column', 'variety');
  form.append('model_type', 'RandomForestClassifier');
  form.append('model_params', SMALL_FOREST);
  form.append('model_name', 'iris');
  return form;
};
const predictForm = (): FormData => {
  const form = new FormData();
  form.append('input_file', new Blob([readRepoFile(IRIS_PREDICT)], { type: 'text/csv' }), 'iris_predict.csv');
  form.append('model_name', 'iris');
  form.append('columns_to_drop', '["variety"]');
  return form;
};
const ROW = { 'sepal.length': 5.1, 'sepal.width': 3.5, 'petal.length': 1.4, 'petal.width': 0.2 };

/** Every route of the gateway's API, in an order whose answers do not depend on one another's. */
const ROUTES: Route[] = [
  { method: 'GET', path: '/models', role: 'read', allowed: 200 },
  { method: 'GET', path: '/models/iris', role: 'read', allowed: 200 },
  { method: 'GET', path: '/models/iris/versions', role: 'read', allowed: 200 },
  { method: 'GET', path: '/models/iris/versions/1', role: 'read', allowed: 200 },
  { method: 'GET', path: '/models/iris/versions/1/export', role: 'read', allowed: 200 },
  { method: 'GET', path: '/jobs', role: 'read', allowed: 200 },
  { method: 'GET', path: '/jobs/no-such-job', role: 'read', allowed: 404 },
  { method: 'GET', path: '/metrics', role: 'read', allowed: 200 },
  { method: 'POST', path: '/predict', role: 'read', allowed: 200, body: predictForm },
  { method: 'POST', path: '/predict_batch?model_name=iris', role: 'read', allowed: 200, body: () => JSON.stringify([ROW]) },
  { method: 'POST', path: '/monitoring/performance', role: 'read', allowed: 400, body: () => new FormData() },
  { method: 'POST', path: '/monitoring/drift', role: 'read', allowed: 400, body: () => new FormData() },
  { method: 'GET', path: '/monitoring/drift?model_name=iris&model_version=1', role: 'read', allowed: 200 },
  { method: 'POST', path: '/train', role: 'admin', allowed: 201, body: irisForm },
  { method: 'POST', path: '/models/iris/import', role: 'admin', allowed: 400, body: () => new FormData() },
  { method: 'PUT', path: '/models/iris/aliases/production', role: 'admin', allowed: 200, body: () => JSON.stringify({ version: 1 }) },
  { method: 'DELETE', path: '/models/iris/aliases/production', role: 'admin', allowed: 200 },
  { method: 'DELETE', path: '/models/no-such-model/versions/1', role: 'admin', allowed: 404 },
];

describe('API keys at the gateway', () => {
  const platform = usePlatform({
    // This suite sends wrong keys from one address by the dozen on purpose: no lockout (services/gateway/src/app.test.ts has it).
    env: { TABULA_API_KEYS: `${ADMIN_KEY}:admin, ${READ_KEY}:read`, TABULA_API_KEYS_FILE: KEYS_FILE, LOG_LEVEL: 'info', AUTH_FAILURES_PER_MINUTE: '0' },
  });

  async function call(route: Pick<Route, 'method' | 'path' | 'body'>, headers: Record<string, string> = {}): Promise<ApiResponse> {
    const body = route.body?.();
    return request(`${platform.gatewayUrl}${route.path}`, {
      method: route.method,
      headers: { accept: 'application/json', ...(typeof body === 'string' ? { 'content-type': 'application/json' } : {}), ...headers },
      body,
    });
  }
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  beforeAll(async () => {
    expectStatus(await call({ method: 'POST', path: '/train', body: irisForm }, bearer(ADMIN_KEY)), 201);
  }, 120_000);

  it('should send no CORS headers while CORS_ORIGINS is not set', async () => {
    const res = await call({ method: 'GET', path: '/models' }, { ...bearer(READ_KEY), origin: 'https://app.example.com' });
    expectStatus(res, 200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('should answer the probes and the docs without a key', async () => {
    for (const path of ['/health', '/ready', '/openapi.json', '/docs/']) {
      const res = await call({ method: 'GET', path });
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }
  });

  it.each(ROUTES)('$method $path: 401 without a key, and with a key that is not configured', async (route) => {
    const none = await call(route);
    expectError(none, ['UNAUTHORIZED'], platform);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="tabula"');
    expect(none.body.request_id).toEqual(none.headers.get('x-request-id'));

    for (const headers of [bearer(`${ADMIN_KEY}0`), bearer(''), { 'x-api-key': READ_KEY.slice(0, -1) }, { authorization: `Basic ${ADMIN_KEY}` }]) {
      const wrong = await call(route, headers);
      expectError(wrong, ['UNAUTHORIZED'], platform);
      expect(wrong.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
  });

  it.each(ROUTES)('$method $path: $role route, with a read-only key', async (route) => {
    for (const headers of [bearer(READ_KEY), { 'x-api-key': FILE_KEY }]) {
      const res = await call(route, headers);
      if (route.role === 'admin') {
        expectError(res, ['FORBIDDEN'], platform);
        expect(res.body.error.message).toContain('needs an admin key');
      } else {
        expect({ route: route.path, status: res.status, body: res.text.slice(0, 300) }).toMatchObject({ route: route.path, status: route.allowed });
      }
    }
  });

  it.each(ROUTES)('$method $path: $role route, with an admin key', async (route) => {
    const res = await call(route, { 'x-api-key': ADMIN_KEY });
    expect({ route: route.path, status: res.status, body: res.text.slice(0, 300) }).toMatchObject({ route: route.path, status: route.allowed });
  });

  it('should document both ways to send a key in the OpenAPI document', async () => {
    const res = await call({ method: 'GET', path: '/openapi.json' });
    expectStatus(res, 200);
    expect(res.body.components.securitySchemes).toMatchObject({
      bearerKey: { type: 'http', scheme: 'bearer' },
      apiKeyHeader: { type: 'apiKey', in: 'header', name: 'x-api-key' },
    });
    expect(res.body.security).toEqual([{ bearerKey: [] }, { apiKeyHeader: [] }]);
  });

  it('should mark the probes open in the OpenAPI document and list 401/403/429 where they apply', async () => {
    const { paths } = (await call({ method: 'GET', path: '/openapi.json' })).body;
    for (const path of ['/health', '/ready']) expect(paths[path].get.security).toEqual([]);
    const statuses = (path: string, method: string) => Object.keys(paths[path][method].responses);
    expect(statuses('/train', 'post')).toEqual(expect.arrayContaining(['401', '403', '429', '502', '503', '504']));
    expect(statuses('/models/{name}/versions/{version}', 'delete')).toEqual(expect.arrayContaining(['401', '403']));
    expect(statuses('/predict', 'post')).toEqual(expect.arrayContaining(['401', '429']));
    expect(statuses('/predict', 'post')).not.toContain('403');
    expect(paths['/train'].post.description).toMatch(/admin API key/);
    // The trainer's own 429 (queue full) keeps its description.
    expect(paths['/train'].post.responses['429'].description).toMatch(/queue/i);
  });

  it('should accept the Bearer scheme in any case and refuse a key that only differs in case', async () => {
    expectStatus(await call({ method: 'GET', path: '/models' }, { authorization: `bearer ${READ_KEY}` }), 200);
    expectError(await call({ method: 'GET', path: '/models' }, bearer(READ_KEY.toUpperCase())), ['UNAUTHORIZED'], platform);
  });

  it('should answer an unknown route 401 without a key (routes are not probed) and 404 with one', async () => {
    expectError(await call({ method: 'GET', path: '/no-such-route' }), ['UNAUTHORIZED'], platform);
    expectError(await call({ method: 'GET', path: '/no-such-route' }, bearer(READ_KEY)), ['NOT_FOUND'], platform);
  });

  it('should log which key was used by its label, and never a key', async () => {
    const res = await call({ method: 'GET', path: '/models' }, bearer(READ_KEY));
    expectStatus(res, 200);
    const requestId = res.headers.get('x-request-id') ?? '';
    await new Promise((resolve) => setTimeout(resolve, 200));
    const logs = platform.logs('gateway');
    const accessLine = logs.split('\n').find((line) => line.includes(requestId) && line.includes('"api_key"'));
    expect(accessLine).toContain('"api_key":"TABULA_API_KEYS #2"');
    for (const key of [ADMIN_KEY, READ_KEY, FILE_KEY]) {
      for (const service of ['gateway', 'trainer', 'predictor'] as const) expect(platform.logs(service)).not.toContain(key);
    }
  });
});
