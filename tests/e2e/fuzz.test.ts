import { beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { SERVICE_NAMES } from '../support/platform.js';
import { getJson, postJson, postParts, sendJson, type ApiResponse, type FormPart } from '../support/http.js';
import { usePlatform } from '../support/use-platform.js';
import { trainOk } from '../support/tabula.js';

const RUNS = 200;
/** Seeded, so a failure in CI replays here; fast-check prints the seed and the shrunk input. */
const SEED = 20261123;

/** Random bytes, or text shaped like a CSV (rows of random cells), so both the tokenizer and the typed columns get hit. */
const csvLike = fc.oneof(
  fc.uint8Array({ maxLength: 2_000 }),
  fc
    .tuple(
      fc.array(fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.double().map(String), fc.constantFrom('', 'NaN', '"', '""x', '\r', 'variety')), { minLength: 1, maxLength: 6 }), {
        minLength: 1,
        maxLength: 40,
      }),
      fc.constantFrom('\n', '\r\n'),
    )
    .map(([rows, eol]) => new TextEncoder().encode(rows.map((cells) => cells.join(',')).join(eol))),
);

/** A form field value: arbitrary text, JSON, or one of the values the API gives a meaning to. */
const fieldValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.json({ maxDepth: 2 }),
  fc.constantFrom('variety', 'default', '1', '-1', '0', 'latest', '["variety"]', '{"n_estimators": 3}', 'RandomForestClassifier', 'LogisticRegression'),
);
const optionalFields = (names: string[]) => fc.record(Object.fromEntries(names.map((n) => [n, fieldValue])), { requiredKeys: [] });
const pathSegment = fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), fc.constantFrom('default', '1', '0', '..', '%2e%2e', 'latest'));
const jsonBody = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.string({ maxLength: 200 }));

function form(fileField: string, file: Uint8Array, fields: Record<string, string | undefined>): FormPart[] {
  const textParts = Object.entries(fields).flatMap(([name, value]) => (value === undefined ? [] : [{ name, value }]));
  return [{ name: fileField, file: { content: file, filename: 'fuzz.csv', type: 'text/csv' } }, ...textParts];
}

describe('random input at every endpoint', () => {
  const platform = usePlatform();
  const pids: Partial<Record<string, number>> = {};
  const url = (path: string) => `${platform.gatewayUrl}${path}`;
  const seg = encodeURIComponent;

  beforeAll(async () => {
    await trainOk(platform);
    for (const name of SERVICE_NAMES) pids[name] = platform.pid(name);
  }, 60_000);

  /** Not a 5xx: bad input is the client's error, answered as such. */
  const expectClientAnswer = (res: ApiResponse) => {
    expect({ status: res.status, body: res.text.slice(0, 500) }).toEqual({ status: expect.any(Number), body: expect.any(String) });
    expect({ status: res.status < 500, body: res.text.slice(0, 500) }).toEqual({ status: true, body: res.text.slice(0, 500) });
  };

  const check = <T extends unknown[]>(property: fc.IAsyncProperty<T>) => () => fc.assert(property, { numRuns: RUNS, seed: SEED });
  const endpoints: Array<[string, () => Promise<void>]> = [
    [
      'POST /train (multipart)',
      check(
        fc.asyncProperty(csvLike, optionalFields(['target_column', 'model_type', 'model_params', 'columns_to_drop', 'model_name']), async (file, fields) => {
        expectClientAnswer(await postParts(url('/train'), form('dataset_file', file, fields)));
      }),
      ),
    ],
    [
      'POST /predict (multipart)',
      check(
        fc.asyncProperty(csvLike, optionalFields(['columns_to_drop', 'model_name', 'model_version', 'return_proba']), async (file, fields) => {
        expectClientAnswer(await postParts(url('/predict'), form('input_file', file, fields)));
      }),
      ),
    ],
    [
      'POST /predict (JSON)',
      check(
        fc.asyncProperty(jsonBody, fc.option(pathSegment), async (body, modelName) => {
        expectClientAnswer(await postJson(url(`/predict${modelName === null ? '' : `?model_name=${seg(modelName)}`}`), body));
      }),
      ),
    ],
    [
      'POST /predict_batch (JSON)',
      check(
        fc.asyncProperty(jsonBody, async (body) => {
        expectClientAnswer(await postJson(url('/predict_batch'), body));
      }),
      ),
    ],
    [
      'POST /monitoring/performance and /monitoring/drift (multipart)',
      check(
        fc.asyncProperty(fc.constantFrom('performance', 'drift'), csvLike, optionalFields(['target_column', 'model_name', 'model_version']), async (kind, file, fields) => {
        expectClientAnswer(await postParts(url(`/monitoring/${kind}`), form('input_file', file, fields)));
      }),
      ),
    ],
    [
      'GET on the registry, jobs and monitoring',
      check(
        fc.asyncProperty(pathSegment, pathSegment, fc.constantFrom('models/N', 'models/N/versions', 'models/N/versions/V', 'models/N/versions/V/export', 'jobs/N', 'monitoring/N?model_name=V'), async (name, version, template) => {
        const path = template.replace('N', seg(name)).replace('V', seg(version));
        expectClientAnswer(await getJson(url(`/${path}`)));
      }),
      ),
    ],
    [
      'PUT/DELETE aliases and DELETE versions (never of the trained model)',
      check(
        fc.asyncProperty(pathSegment.filter((n) => n !== 'default'), pathSegment, jsonBody, async (name, second, body) => {
        expectClientAnswer(await sendJson('PUT', url(`/models/${seg(name)}/aliases/${seg(second)}`), body));
        expectClientAnswer(await sendJson('DELETE', url(`/models/${seg(name)}/aliases/${seg(second)}`)));
        expectClientAnswer(await sendJson('DELETE', url(`/models/${seg(name)}/versions/${seg(second)}`)));
      }),
      ),
    ],
    [
      'POST /train, /predict and /predict_batch with raw bytes under any content type',
      check(
        fc.asyncProperty(
          fc.constantFrom('/train', '/predict', '/predict_batch'),
          fc.constantFrom('multipart/form-data; boundary=x', 'multipart/form-data', 'application/json', 'text/csv', 'application/x-ndjson', 'text/plain'),
          fc.uint8Array({ maxLength: 2_000 }),
          async (path, contentType, bytes) => {
            const res = await fetch(url(path), { method: 'POST', headers: { 'content-type': contentType }, body: bytes, signal: AbortSignal.timeout(30_000) });
            const text = await res.text();
            expectClientAnswer({ status: res.status, headers: res.headers, text, body: undefined });
          },
        ),
      ),
    ],
    [
      'POST /models/{name}/import',
      check(
        fc.asyncProperty(pathSegment, fc.uint8Array({ maxLength: 2_000 }), async (name, bytes) => {
        const res = await fetch(url(`/models/${seg(name)}/import`), {
          method: 'POST',
          headers: { 'content-type': 'application/octet-stream' },
          body: bytes,
          signal: AbortSignal.timeout(30_000),
        });
        const text = await res.text();
        expectClientAnswer({ status: res.status, headers: res.headers, text, body: undefined });
      }),
      ),
    ],
  ];

  it.each(endpoints)('%s should answer 4xx or 2xx, never 5xx', async (_name, run) => {
    await run();
  }, 120_000);

  it('should leave every service running, the same processes, still healthy and serving', async () => {
    for (const name of SERVICE_NAMES) {
      expect({ name, pid: platform.pid(name) }).toEqual({ name, pid: pids[name] });
      const health = await getJson(`${platform.urls[name]}/health`);
      expect({ name, status: health.status }).toEqual({ name, status: 200 });
    }
    const res = await postJson(url('/predict'), { 'sepal.length': 5.1, 'sepal.width': 3.5, 'petal.length': 1.4, 'petal.width': 0.2 });
    expect({ status: res.status, prediction: res.body?.prediction }).toEqual({ status: 200, prediction: 'Setosa' });
  });
});
