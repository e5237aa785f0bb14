import { beforeAll, describe, expect, it } from '@jest/globals';
import { HealthSchema, ReadinessSchema } from '@tabula/contracts';
import { errorText, expectError, expectStatus, findLeftovers, listModelsDir, listVersions } from '../support/expectations.js';
import { get, getJson, postForm, type ApiResponse } from '../support/http.js';
import { type ServiceName } from '../support/platform.js';
import { usePlatform } from '../support/use-platform.js';
import { CHURN, IRIS_PREDICT, csvPart, predict, predictOk, train, trainOk } from '../support/tabula.js';
import { whenFolderStore } from '../support/folder-only.js';

/** How long a client may wait for the gateway to report a dead upstream before the test fails. */
const DEAD_UPSTREAM_WAIT_MS = 10_000;

const SERVICES: Array<{ name: ServiceName; multipart: Array<[path: string, fileField: string, fields: string[]]> }> = [
  {
    name: 'gateway',
    multipart: [
      ['/train', 'dataset_file', ['target_column', 'model_type', 'model_params', 'columns_to_drop', 'model_name']],
      ['/predict', 'input_file', ['columns_to_drop', 'model_name', 'model_version']],
    ],
  },
  { name: 'trainer', multipart: [['/train', 'dataset_file', ['target_column', 'model_type', 'model_params', 'columns_to_drop', 'model_name']]] },
  { name: 'predictor', multipart: [['/predict', 'input_file', ['columns_to_drop', 'model_name', 'model_version']]] },
];

type JsonObject = Record<string, unknown>;

/** Follows local `#/components/...` references of an OpenAPI document. */
function resolveRef(doc: JsonObject, node: unknown): JsonObject {
  let current = node as JsonObject;
  for (let depth = 0; depth < 10 && typeof current?.$ref === 'string'; depth++) {
    const path = (current.$ref as string).replace(/^#\//, '').split('/');
    current = path.reduce<unknown>((n, key) => (n as JsonObject)?.[key], doc) as JsonObject;
  }
  return current;
}

/** Property names of an object schema, including those of allOf parts. */
function propertyNames(doc: JsonObject, schema: unknown): string[] {
  const resolved = resolveRef(doc, schema);
  const own = Object.keys((resolved?.properties as JsonObject | undefined) ?? {});
  const parts = (resolved?.allOf as unknown[] | undefined) ?? [];
  return [...own, ...parts.flatMap((part) => propertyNames(doc, part))];
}

describe('the services, each on its own port', () => {
  const platform = usePlatform();

  describe.each(SERVICES)('$name', ({ name, multipart }) => {
    it('GET /health should answer 200 {status: "ok"} naming the service', async () => {
      const res = await getJson(`${platform.urls[name]}/health`);
      expectStatus(res, 200);
      const health = HealthSchema.parse(res.body);
      expect(health.service).toContain(name);
    });

    it('GET /ready should answer 200 with ready: true and its checks', async () => {
      const res = await getJson(`${platform.urls[name]}/ready`);
      expectStatus(res, 200);
      const readiness = ReadinessSchema.parse(res.body);
      expect(readiness.ready).toBe(true);
      expect(Object.values(readiness.checks).every((c) => c.ok)).toBe(true);
    });

    it('GET /openapi.json should be an OpenAPI 3 document with its multipart routes and field names', async () => {
      const res = await getJson(`${platform.urls[name]}/openapi.json`);
      expectStatus(res, 200);
      const doc = res.body as JsonObject;
      expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
      expect((doc.info as JsonObject)?.title).toEqual(expect.any(String));
      const paths = doc.paths as Record<string, Record<string, JsonObject>>;
      for (const [path, fileField, fields] of multipart) {
        const requestBody = resolveRef(doc, paths?.[path]?.post?.requestBody);
        const schema = (requestBody?.content as JsonObject | undefined)?.['multipart/form-data'] as JsonObject | undefined;
        expect({ path, hasMultipart: schema !== undefined }).toEqual({ path, hasMultipart: true });
        const names = propertyNames(doc, schema?.schema);
        expect({ path, names: [...names].sort() }).toEqual({ path, names: expect.arrayContaining([fileField, ...fields]) });
        const file = resolveRef(doc, (resolveRef(doc, schema?.schema).properties as JsonObject | undefined)?.[fileField]);
        if (file !== undefined) expect(file).toMatchObject({ type: 'string', format: 'binary' });
      }
      if (name === 'gateway') {
        expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/models', '/models/{name}/versions', '/health', '/ready']));
      }
    });

    it('GET /docs should serve the Swagger UI page', async () => {
      const res = await get(`${platform.urls[name]}/docs`);
      expectStatus(res, 200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.text).toMatch(/<html/i);
      expect(res.text).toMatch(/swagger/i);
    });
  });
});

describe('the gateway in front of its upstreams', () => {
  const platform = usePlatform();

  beforeAll(async () => {
    await trainOk(platform);
  }, 60_000);

  describe('an upstream 4xx', () => {
    const same = (direct: ApiResponse, relayed: ApiResponse) => {
      expect(relayed.status).toBe(direct.status);
      expect(relayed.body?.error?.code).toBe(direct.body?.error?.code);
      expect(relayed.body?.error?.message).toBe(direct.body?.error?.message);
      expect(relayed.body?.error?.details).toEqual(direct.body?.error?.details);
    };

    it("should pass the predictor's 404 through unchanged", async () => {
      const fields = { model_name: 'nope', columns_to_drop: '["variety"]' };
      const direct = await postForm(`${platform.predictorUrl}/predict`, fields, { input_file: csvPart(IRIS_PREDICT) });
      const relayed = await predict(platform, fields);
      expectError(direct, ['MODEL_NOT_FOUND'], platform);
      same(direct, relayed);
    });

    it("should pass the trainer's 400 through unchanged", async () => {
      const fields = { target_column: 'variety', model_params: '{"n_trees": 5}' };
      const direct = await postForm(`${platform.trainerUrl}/train`, fields, { dataset_file: csvPart('samples/iris.csv') });
      const relayed = await train(platform, fields);
      expectError(direct, ['INVALID_PARAMS'], platform);
      same(direct, relayed);
    });

    it("should pass the predictor's 422 through unchanged", async () => {
      const fields = { columns_to_drop: '["variety","sepal.width"]' };
      const direct = await postForm(`${platform.predictorUrl}/predict`, fields, { input_file: csvPart(IRIS_PREDICT) });
      const relayed = await predict(platform, fields);
      expectError(direct, ['MISSING_COLUMN'], platform);
      same(direct, relayed);
    });
  });

  describe('a stopped predictor', () => {
    it('should make POST /predict answer 502/503 UPSTREAM_UNAVAILABLE naming the predictor, and work again after a restart', async () => {
      await platform.stop('predictor');

      const res = await postForm(
        `${platform.gatewayUrl}/predict`,
        { columns_to_drop: '["variety"]' },
        { input_file: csvPart(IRIS_PREDICT) },
        DEAD_UPSTREAM_WAIT_MS,
      );
      expectError(res, ['UPSTREAM_UNAVAILABLE'], platform, { statuses: [502, 503] });
      expect(errorText(res)).toMatch(/predictor/i);
      expectStatus(await getJson(`${platform.gatewayUrl}/health`), 200);

      await platform.start('predictor');
      const again = await predictOk(platform);
      expect(again.body).toMatchObject({ model_name: 'default', model_version: 1 });
      expect(again.body.predictions).toHaveLength(30);
    });
  });

  describe('a stopped trainer', () => {
    it('should make POST /train answer 502/503 UPSTREAM_UNAVAILABLE naming the trainer, and work again after a restart', async () => {
      await platform.stop('trainer');

      const res = await postForm(
        `${platform.gatewayUrl}/train`,
        { target_column: 'variety' },
        { dataset_file: csvPart('samples/iris.csv') },
        DEAD_UPSTREAM_WAIT_MS,
      );
      expectError(res, ['UPSTREAM_UNAVAILABLE'], platform, { statuses: [502, 503] });
      expect(errorText(res)).toMatch(/trainer/i);

      await platform.start('trainer');
      const trained = await trainOk(platform);
      expect(trained.body.version).toBe(2);
    });
  });

  describe('a trainer that crashes mid-training', () => {
    it('should answer 502/503 naming the trainer and leave no version behind', async () => {
      // 2000 trees over every feature on the slow mljs engine: far longer than the pause below, so the
      // kill lands mid-training (the default tabula engine can finish them within the pause).
      const pending = postForm(
        `${platform.gatewayUrl}/train`,
        {
          target_column: 'churned',
          columns_to_drop: 'customer_id',
          model_name: 'crash',
          model_params: '{"n_estimators": 2000, "max_features": 1.0, "engine": "mljs"}',
        },
        { dataset_file: csvPart(CHURN) },
        30_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await platform.stop('trainer', { signal: 'SIGKILL' });

      const res = await pending;
      expectError(res, ['UPSTREAM_UNAVAILABLE'], platform, { statuses: [502, 503] });
      expect(errorText(res)).toMatch(/trainer/i);

      await platform.start('trainer');
      expect(await listVersions(platform, 'crash')).toEqual([]);
      await whenFolderStore(async () => {
        const entries = await listModelsDir(platform.modelsDir);
        // Nothing half-written is left: a version's files reach the disk only after training, via a temp dir.
        expect(findLeftovers(entries)).toEqual([]);
        expect(entries.filter((e) => /^crash\/\d+\/$/.test(e))).toEqual([]);
        // Every version dir that exists is complete.
        const versionDirs = entries.filter((e) => /^[^/]+\/\d+\/$/.test(e));
        for (const dir of versionDirs) expect(entries).toContain(`${dir}metadata.json`);
      });

      const trained = await trainOk(platform, { model_name: 'crash' });
      expect(trained.body.version).toBe(1);
    });
  });
});
