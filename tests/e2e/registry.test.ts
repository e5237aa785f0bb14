import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { AliasChangeSchema, ModelDetailSchema, ModelMetadataSchema, type ErrorCode } from '@tabula/contracts';
import { errorText, expectError, expectStatus, findLeftovers, listModelsDir, listVersions } from '../support/expectations.js';
import { getBytes, getJson, postJson, postParts, sendJson, type ApiResponse, type FilePart } from '../support/http.js';
import { usePlatform } from '../support/use-platform.js';
import { IRIS_PREDICT, csvPart, predict, predictOk, trainOk } from '../support/tabula.js';
import { whenFolderStore } from '../support/folder-only.js';

// The registry as MLflow has it, driven through the gateway: aliases that predictions follow,
// deletes that aliases guard, and versions that travel as one file between installations.

const SETOSA = { 'sepal.length': 5.1, 'sepal.width': 3.5, 'petal.length': 1.4, 'petal.width': 0.2 };
const forest = (seed: number) => `{"n_estimators": 10, "random_state": ${seed}}`;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const flipByte = (bytes: Buffer, index: number) => {
  const copy = Buffer.from(bytes);
  copy[index] ^= 0xff;
  return copy;
};

describe('the model registry, through the gateway', () => {
  const platform = usePlatform();
  const url = (path: string) => `${platform.gatewayUrl}${path}`;
  const setAlias = (name: string, alias: string, body: unknown) => sendJson('PUT', url(`/models/${name}/aliases/${alias}`), body);
  const deleteAlias = (name: string, alias: string) => sendJson('DELETE', url(`/models/${name}/aliases/${alias}`));
  const deleteVersion = (name: string, version: number | string) => sendJson('DELETE', url(`/models/${name}/versions/${version}`));
  const importFile = (name: string, file: FilePart) => postParts(url(`/models/${name}/import`), [{ name: 'file', file }]);
  const describeModel = async (name: string) => {
    const res = await getJson(url(`/models/${name}`));
    expectStatus(res, 200);
    return ModelDetailSchema.parse(res.body);
  };
  /** The version that answers a CSV prediction of model "reg" with these fields. */
  const answeredBy = async (fields: Record<string, string> = {}) =>
    (await predictOk(platform, { model_name: 'reg', ...fields })).body.model_version as number;

  beforeAll(async () => {
    for (const seed of [1, 2, 3]) await trainOk(platform, { model_name: 'reg', model_params: forest(seed) });
  }, 120_000);

  describe('aliases', () => {
    it('should serve the newest version while no alias is set', async () => {
      expect(await answeredBy()).toBe(3);
      const model = await describeModel('reg');
      expect(model).toMatchObject({ model_name: 'reg', latest_version: 3, default_version: 3, aliases: {} });
      expect(model.versions.map((v) => [v.version, v.status])).toEqual([
        [1, 'ready'],
        [2, 'ready'],
        [3, 'ready'],
      ]);
      expect(model.versions[0].metrics.accuracy).toBeGreaterThan(0.8);
    });

    it('should serve "production" by default once it is set, on every kind of prediction', async () => {
      const res = await setAlias('reg', 'production', { version: 1 });
      expectStatus(res, 200);
      expect(AliasChangeSchema.parse(res.body)).toEqual({ model_name: 'reg', alias: 'production', version: 1, previous_version: null });

      expect(await answeredBy()).toBe(1);
      expect(await answeredBy({ model_version: 'production' })).toBe(1);
      expect(await answeredBy({ model_version: 'latest' })).toBe(3);
      expect(await answeredBy({ model_version: '2' })).toBe(2);
      const json = await postJson(url('/predict?model_name=reg'), SETOSA);
      expect(json.body).toMatchObject({ prediction: 'Setosa', model_name: 'reg', model_version: 1 });
      const streamed = await postParts(url('/predict?format=csv&model_name=reg'), [{ name: 'input_file', file: csvPart(IRIS_PREDICT) }]);
      expectStatus(streamed, 200);
      expect(streamed.headers.get('x-model-version')).toBe('1');

      expect(await describeModel('reg')).toMatchObject({ default_version: 1, aliases: { production: 1 } });
      const metadata = await getJson(url('/models/reg/versions/production'));
      expect(ModelMetadataSchema.parse(metadata.body).version).toBe(1);
    });

    it('should move predictions with the alias, and report where it pointed before (a rollback target)', async () => {
      expectStatus(await setAlias('reg', 'staging', { version: 2 }), 200);
      expect(await answeredBy({ model_version: 'staging' })).toBe(2);

      const promoted = await setAlias('reg', 'production', { version: 2 });
      expect(promoted.body).toMatchObject({ version: 2, previous_version: 1 });
      expect(await answeredBy()).toBe(2);

      const rolledBack = await setAlias('reg', 'production', { version: promoted.body.previous_version });
      expect(rolledBack.body).toMatchObject({ version: 1, previous_version: 2 });
      expect(await answeredBy()).toBe(1);
    });

    it('should fall back to the newest version once "production" is removed', async () => {
      const res = await deleteAlias('reg', 'production');
      expectStatus(res, 200);
      expect(res.body).toEqual({ model_name: 'reg', alias: 'production', version: null, previous_version: 1 });
      expect(await answeredBy()).toBe(3);
      expect((await describeModel('reg')).aliases).toEqual({ staging: 2 });
    });

    it('should answer an unknown alias with 404 naming the aliases that exist', async () => {
      const res = await predict(platform, { model_name: 'reg', model_version: 'champion' });
      expectError(res, ['ALIAS_NOT_FOUND'], platform);
      expect(errorText(res)).toContain('"champion"');
      expect(errorText(res)).toContain('"staging"');
      expectError(await deleteAlias('reg', 'production'), ['ALIAS_NOT_FOUND'], platform);
    });

    const BAD_ALIAS_CALLS: Array<{ name: string; call: () => Promise<ApiResponse>; code: ErrorCode; mentions: string }> = [
      { name: 'the reserved name latest', call: () => setAlias('reg', 'latest', { version: 1 }), code: 'INVALID_INPUT', mentions: 'latest' },
      { name: 'a name starting with a digit', call: () => setAlias('reg', '9lives', { version: 1 }), code: 'INVALID_INPUT', mentions: 'alias' },
      { name: 'a version that does not exist', call: () => setAlias('reg', 'production', { version: 99 }), code: 'VERSION_NOT_FOUND', mentions: '99' },
      { name: 'a model that does not exist', call: () => setAlias('nope', 'production', { version: 1 }), code: 'MODEL_NOT_FOUND', mentions: 'nope' },
      { name: 'a version that is not a number', call: () => setAlias('reg', 'production', { version: 'two' }), code: 'INVALID_INPUT', mentions: 'version' },
      { name: 'a body without version', call: () => setAlias('reg', 'production', {}), code: 'INVALID_INPUT', mentions: 'version' },
      { name: 'a body that is not JSON', call: () => setAlias('reg', 'production', '{"version": '), code: 'INVALID_INPUT', mentions: 'JSON' },
    ];

    it.each(BAD_ALIAS_CALLS)('should refuse to set an alias with $name ($code)', async ({ call, code, mentions }) => {
      const res = await call();
      expectError(res, [code], platform);
      expect(errorText(res)).toContain(mentions);
    });
  });

  describe('deleting a version', () => {
    it('should be refused with 409 naming the alias while one points to it', async () => {
      expectStatus(await setAlias('reg', 'production', { version: 1 }), 200);
      const res = await deleteVersion('reg', 1);
      expectError(res, ['CONFLICT'], platform);
      expect(errorText(res)).toContain('"production"');
      expectError(await deleteVersion('reg', 2), ['CONFLICT'], platform);
      expect(await listVersions(platform, 'reg')).toEqual([1, 2, 3]);
    });

    it('should remove a version no alias points to, and never serve it again', async () => {
      // Loaded into the predictor's cache first: the delete must still take it out of service.
      expect(await answeredBy({ model_version: '3' })).toBe(3);
      const res = await deleteVersion('reg', 3);
      expectStatus(res, 200);
      expect(res.body).toEqual({ model_name: 'reg', version: 3, deleted: true });

      expectError(await predict(platform, { model_name: 'reg', model_version: '3' }), ['VERSION_NOT_FOUND'], platform);
      expectError(await getJson(url('/models/reg/versions/3')), ['VERSION_NOT_FOUND'], platform);
      expect(await answeredBy({ model_version: 'latest' })).toBe(2);
      expect(await listVersions(platform, 'reg')).toEqual([1, 2]);
      await whenFolderStore(async () => expect(findLeftovers(await listModelsDir(platform.modelsDir))).toEqual([]));
    });

    it('should give the next training a new number, not the deleted one', async () => {
      const trained = await trainOk(platform, { model_name: 'reg', model_params: forest(4) });
      expect(trained.body.version).toBe(4);
      expect(await listVersions(platform, 'reg')).toEqual([1, 2, 4]);
    });

    it('should take a version number only, and 404 what does not exist', async () => {
      expectError(await deleteVersion('reg', 'production'), ['INVALID_INPUT'], platform);
      expectError(await deleteVersion('reg', 3), ['VERSION_NOT_FOUND'], platform);
      expectError(await deleteVersion('nope', 1), ['MODEL_NOT_FOUND'], platform);
    });
  });

  describe('export and import', () => {
    let exported: Buffer;
    let headerLength: number;

    it('should download a version as one attachment holding its metadata and every artifact', async () => {
      const res = await getBytes(url('/models/reg/versions/production/export'));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="reg-v1.tabula-model"');
      expect(res.headers.get('x-model-version')).toBe('1');
      exported = res.bytes;

      headerLength = exported.indexOf(0x0a) + 1;
      const header = JSON.parse(exported.subarray(0, headerLength).toString('utf8'));
      expect(header).toMatchObject({ format: 'tabula-model-export', format_version: 1, metadata: { model_name: 'reg', version: 1 } });
      let offset = headerLength;
      for (const artifact of ModelMetadataSchema.parse(header.metadata).artifacts) {
        expect(sha256(exported.subarray(offset, offset + artifact.bytes))).toBe(artifact.sha256);
        offset += artifact.bytes;
      }
      expect(offset).toBe(exported.byteLength);
    });

    it('should import it as the next version of another name, predicting exactly as the original', async () => {
      const res = await importFile('copy', { content: exported, filename: 'reg-v1.tabula-model' });
      expectStatus(res, 201);
      const metadata = ModelMetadataSchema.parse(res.body);
      expect(metadata).toMatchObject({ model_name: 'copy', version: 1, imported_from: { model_name: 'reg', version: 1 } });
      const original = ModelMetadataSchema.parse((await getJson(url('/models/reg/versions/1'))).body);
      expect(metadata.metrics).toEqual(original.metrics);
      expect(metadata.artifacts).toEqual(original.artifacts);

      const [fromOriginal, fromCopy] = await Promise.all([
        predictOk(platform, { model_name: 'reg', model_version: '1', return_proba: 'true' }),
        predictOk(platform, { model_name: 'copy', return_proba: 'true' }),
      ]);
      expect(fromCopy.body).toMatchObject({ model_name: 'copy', model_version: 1 });
      expect(fromCopy.body.predictions).toEqual(fromOriginal.body.predictions);
      expect(fromCopy.body.probabilities).toEqual(fromOriginal.body.probabilities);
    });

    it('should import into an existing model as its next version', async () => {
      const res = await importFile('reg', { content: exported, filename: 'reg-v1.tabula-model' });
      expectStatus(res, 201);
      expect(res.body).toMatchObject({ model_name: 'reg', version: 5 });
      expect(await listVersions(platform, 'reg')).toEqual([1, 2, 4, 5]);
    });

    /** The export with its header changed; the artifacts stay as they were. */
    const withHeader = (change: (header: { format_version: number; metadata: Record<string, unknown> }) => void) => {
      const header = JSON.parse(exported.subarray(0, headerLength).toString('utf8'));
      change(header);
      return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), exported.subarray(headerLength)]);
    };
    /** An export whose model.json is valid JSON (with a matching sha256) but not a model. */
    const withForeignModel = () => {
      const notAModel = Buffer.from('{"hello": "world"}');
      const header = JSON.parse(exported.subarray(0, headerLength).toString('utf8'));
      header.metadata.artifacts = [{ file: 'model.json', bytes: notAModel.byteLength, sha256: sha256(notAModel) }];
      return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), notAModel]);
    };

    const BAD_FILES: Array<{ name: string; content: () => Uint8Array; says: string }> = [
      { name: 'a CSV', content: () => Buffer.from('sepal.length,variety\n5.1,Setosa\n'), says: 'not a Tabula model export' },
      { name: 'an empty file', content: () => new Uint8Array(0), says: 'empty' },
      { name: 'random bytes', content: () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)), says: 'not a Tabula model export' },
      { name: 'a truncated export', content: () => exported.subarray(0, exported.byteLength - 100), says: 'truncated' },
      { name: 'an export with bytes added', content: () => Buffer.concat([exported, Buffer.from('\n')]), says: 'unexpected bytes' },
      { name: 'an export with one byte changed', content: () => flipByte(exported, exported.byteLength - 2), says: 'sha256' },
      { name: 'a newer export format', content: () => withHeader((h) => (h.format_version = 2)), says: 'format_version 2' },
      {
        name: 'metadata that does not describe its model',
        content: () => withHeader((h) => (h.metadata.model_type = 'RandomForestRegressor')),
        says: 'model_type is RandomForestRegressor in the metadata',
      },
      { name: 'a model file that is not a model', content: withForeignModel, says: 'does not load' },
    ];

    it.each(BAD_FILES)('should refuse $name with 400 saying why', async ({ content, says }) => {
      const res = await importFile('broken', { content: content(), filename: 'model.tabula-model' });
      expectError(res, ['INVALID_INPUT'], platform);
      expect(errorText(res)).toContain(says);
    });

    it('should refuse a form without the file, and have stored nothing for any refused file', async () => {
      const res = await postParts(url('/models/broken/import'), [{ name: 'model_name', value: 'broken' }]);
      expectError(res, ['INVALID_INPUT'], platform);
      expect(errorText(res)).toContain('"file"');
      expectError(await getJson(url('/models/broken')), ['MODEL_NOT_FOUND'], platform);
      expectStatus(await getJson(url('/health')), 200);
      expectStatus(await getJson(`${platform.trainerUrl}/health`), 200);
    });
  });

  describe('documentation', () => {
    const READS = [['get', '/models/{name}'], ['get', '/models/{name}/versions/{version}/export']];
    const CHANGES = [
      ['put', '/models/{name}/aliases/{alias}'],
      ['delete', '/models/{name}/aliases/{alias}'],
      ['delete', '/models/{name}/versions/{version}'],
      ['post', '/models/{name}/import'],
    ];
    const documented = async (base: string) => {
      const res = await getJson(`${base}/openapi.json`);
      expectStatus(res, 200);
      const paths = res.body.paths as Record<string, Record<string, unknown>>;
      return Object.entries(paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => [method, path]));
    };

    it('should list every registry route in the OpenAPI document of the service that answers it, and of the gateway', async () => {
      expect(await documented(platform.gatewayUrl)).toEqual(expect.arrayContaining([...READS, ...CHANGES]));
      expect(await documented(platform.predictorUrl)).toEqual(expect.arrayContaining(READS));
      expect(await documented(platform.trainerUrl)).toEqual(expect.arrayContaining(CHANGES));
    });
  });

  describe('rejected versions (min_metrics)', () => {
    // A mean absolute error of exactly 0 is out of reach on real data, so this always rejects.
    const unreachable = { model_type: 'RandomForestRegressor', target_column: 'sepal.length', columns_to_drop: 'variety', min_metrics: '{"mae": 0}' };
    const regressor = { model_type: 'RandomForestRegressor', target_column: 'sepal.length', columns_to_drop: 'variety' };

    it('should never serve a rejected version by default, yet serve it when asked for by number', async () => {
      await trainOk(platform, { model_name: 'gated', ...regressor });
      await trainOk(platform, { model_name: 'gated', ...unreachable });
      const rejected = ModelMetadataSchema.parse((await getJson(url('/models/gated/versions/2'))).body);
      expect(rejected.status).toBe('rejected');
      expect(rejected.rejection_reasons.join(' ')).toContain('mae');

      const byModel = (fields: Record<string, string> = {}) => predictOk(platform, { model_name: 'gated', ...fields });
      expect((await byModel()).body.model_version).toBe(1);
      expect((await byModel({ model_version: 'latest' })).body.model_version).toBe(1);
      expect((await byModel({ model_version: '2' })).body.model_version).toBe(2);
      expect(await describeModel('gated')).toMatchObject({ latest_version: 2, default_version: 1 });
    });

    it('should answer 409 with the way out when every version is rejected, until an alias picks one', async () => {
      await trainOk(platform, { model_name: 'gated-only', ...unreachable });
      const res = await predict(platform, { model_name: 'gated-only' });
      expectError(res, ['NO_SERVABLE_VERSION'], platform);
      expect(errorText(res)).toContain('rejected');
      expect(errorText(res)).toContain('PUT /models/gated-only/aliases/production');
      expect((await describeModel('gated-only')).default_version).toBeNull();

      expectStatus(await setAlias('gated-only', 'production', { version: 1 }), 200);
      expect((await predictOk(platform, { model_name: 'gated-only' })).body.model_version).toBe(1);
    });
  });
});
