import { beforeAll, describe, expect, it } from '@jest/globals';
import type { ErrorCode } from '@tabula/contracts';
import {
  errorText,
  expectAllHealthy,
  expectError,
  expectStatus,
  listModelsDir,
  listVersions,
} from '../support/expectations.js';
import { getJson, postForm, readRepoFile, type FilePart } from '../support/http.js';
import { usePlatform } from '../support/use-platform.js';
import { IRIS, csvBytes, csvPart, predict, train, trainOk } from '../support/tabula.js';
import { isClusterStore } from '../support/cluster-store.js';
import { whenFolderStore } from '../support/folder-only.js';

/** Deterministic "random" bytes with NULs in them, behind a real PNG signature and IHDR chunk. */
function pngBytes(): Uint8Array {
  const header = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
  return Uint8Array.from([...header, ...noiseBytes(1024)]);
}

function noiseBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  let state = 12345;
  for (let i = 0; i < n; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    out[i] = i % 17 === 0 ? 0 : state >>> 24;
  }
  return out;
}

const fixture = (name: string): FilePart => csvPart(`tests/fixtures/${name}`);
const CSV_PROBLEM: ErrorCode[] = ['INVALID_CSV', 'INVALID_INPUT'];
const NOT_A_CSV: ErrorCode[] = ['INVALID_CSV', 'INVALID_INPUT', 'UNSUPPORTED_MEDIA_TYPE'];

interface BadRequest {
  name: string;
  fields: Record<string, string>;
  /** The upload; null sends no file part at all. */
  file: FilePart | null;
  codes: ErrorCode[];
  /** Words the message, hint or details must contain (the field or value at fault, valid choices). */
  mentions?: string[];
}

const BAD_TRAININGS: BadRequest[] = [
  { name: 'no file', fields: {}, file: null, codes: ['INVALID_INPUT'], mentions: ['dataset_file'] },
  { name: 'an empty file', fields: {}, file: fixture('empty.csv'), codes: CSV_PROBLEM },
  { name: 'a header-only CSV', fields: {}, file: fixture('header-only.csv'), codes: CSV_PROBLEM },
  { name: 'a binary file (PNG)', fields: {}, file: { content: pngBytes(), filename: 'iris.png', type: 'image/png' }, codes: NOT_A_CSV },
  { name: 'random bytes sent as text/csv', fields: {}, file: csvBytes(noiseBytes(2048)), codes: NOT_A_CSV },
  { name: 'rows with the wrong number of cells', fields: {}, file: fixture('ragged-rows.csv'), codes: CSV_PROBLEM },
  { name: 'a header with duplicate column names', fields: {}, file: csvBytes(readRepoFile(IRIS).toString('utf8').replace('sepal.width', 'sepal.length')), codes: CSV_PROBLEM, mentions: ['sepal.length'] },
  { name: 'a header with an empty column name', fields: {}, file: csvBytes(readRepoFile(IRIS).toString('utf8').replace('sepal.width,', ',')), codes: CSV_PROBLEM },
  { name: 'a missing target column', fields: { target_column: 'species' }, file: csvPart(IRIS), codes: ['INVALID_INPUT', 'MISSING_COLUMN'], mentions: ['species'] },
  { name: 'an empty target_column', fields: { target_column: '' }, file: csvPart(IRIS), codes: ['INVALID_INPUT'], mentions: ['target_column'] },
  { name: 'a target with one class', fields: {}, file: fixture('one-class.csv'), codes: ['INVALID_INPUT', 'INVALID_VALUE'], mentions: ['variety'] },
  { name: 'a text target for a regressor', fields: { model_type: 'RandomForestRegressor' }, file: csvPart(IRIS), codes: ['INVALID_INPUT', 'INVALID_VALUE'], mentions: ['variety'] },
  { name: 'an unknown model_type', fields: { model_type: 'GradientBoosting' }, file: csvPart(IRIS), codes: ['INVALID_INPUT', 'INVALID_PARAMS'], mentions: ['model_type', 'RandomForestClassifier', 'LogisticRegression'] },
  { name: 'malformed model_params', fields: { model_params: '{bad' }, file: csvPart(IRIS), codes: ['INVALID_PARAMS', 'INVALID_INPUT'], mentions: ['model_params'] },
  { name: 'model_params that is not an object', fields: { model_params: '[1, 2]' }, file: csvPart(IRIS), codes: ['INVALID_PARAMS', 'INVALID_INPUT'], mentions: ['model_params'] },
  { name: 'an unknown param', fields: { model_params: '{"n_trees": 5}' }, file: csvPart(IRIS), codes: ['INVALID_PARAMS'], mentions: ['n_trees', 'n_estimators', 'max_depth'] },
  { name: 'a param of another model type', fields: { model_type: 'LogisticRegression', model_params: '{"n_estimators": 5}' }, file: csvPart(IRIS), codes: ['INVALID_PARAMS'], mentions: ['n_estimators', 'max_iter'] },
  { name: 'a mistyped param', fields: { model_params: '{"n_estimators": "many"}' }, file: csvPart(IRIS), codes: ['INVALID_PARAMS'], mentions: ['n_estimators'] },
  { name: 'an out-of-range param', fields: { model_params: '{"n_estimators": 0}' }, file: csvPart(IRIS), codes: ['INVALID_PARAMS'], mentions: ['n_estimators'] },
  { name: 'columns_to_drop naming a nonexistent column', fields: { columns_to_drop: '["nope"]' }, file: csvPart(IRIS), codes: ['INVALID_INPUT', 'MISSING_COLUMN'], mentions: ['nope'] },
  { name: 'columns_to_drop that is broken JSON', fields: { columns_to_drop: '["variety"' }, file: csvPart(IRIS), codes: ['INVALID_INPUT'], mentions: ['columns_to_drop'] },
  { name: 'a model_name such as ../x', fields: { model_name: '../x' }, file: csvPart(IRIS), codes: ['INVALID_INPUT'], mentions: ['model_name'] },
  { name: 'a model_name with a slash', fields: { model_name: 'a/b' }, file: csvPart(IRIS), codes: ['INVALID_INPUT'], mentions: ['model_name'] },
];

const BAD_PREDICTIONS: BadRequest[] = [
  { name: 'no file', fields: {}, file: null, codes: ['INVALID_INPUT'], mentions: ['input_file'] },
  { name: 'an empty file', fields: {}, file: fixture('empty.csv'), codes: CSV_PROBLEM },
  { name: 'a header-only CSV', fields: {}, file: fixture('header-only.csv'), codes: CSV_PROBLEM },
  { name: 'a binary file (PNG)', fields: {}, file: { content: pngBytes(), filename: 'rows.png', type: 'image/png' }, codes: NOT_A_CSV },
  { name: 'rows with the wrong number of cells', fields: {}, file: fixture('ragged-rows.csv'), codes: CSV_PROBLEM },
  { name: 'an unknown model name', fields: { model_name: 'nope' }, file: csvPart('samples/iris_predict.csv'), codes: ['MODEL_NOT_FOUND'], mentions: ['nope'] },
  { name: 'an unknown version', fields: { model_version: '99' }, file: csvPart('samples/iris_predict.csv'), codes: ['VERSION_NOT_FOUND'], mentions: ['99'] },
  { name: 'a model_name such as ../x', fields: { model_name: '../x' }, file: csvPart('samples/iris_predict.csv'), codes: ['INVALID_INPUT'], mentions: ['model_name'] },
  { name: 'a model_version such as ../x', fields: { model_version: '../x' }, file: csvPart('samples/iris_predict.csv'), codes: ['INVALID_INPUT'], mentions: ['model_version'] },
  { name: 'a model_version of 0', fields: { model_version: '0' }, file: csvPart('samples/iris_predict.csv'), codes: ['INVALID_INPUT'], mentions: ['model_version'] },
];

const BAD_LOOKUPS: Array<{ name: string; path: string; codes: ErrorCode[]; mentions?: string[] }> = [
  { name: 'an unknown model', path: '/models/nope/versions', codes: ['MODEL_NOT_FOUND'], mentions: ['nope'] },
  { name: 'an unknown version', path: '/models/default/versions/99', codes: ['VERSION_NOT_FOUND'], mentions: ['99'] },
  { name: 'a model name such as ../x', path: '/models/..%2Fx/versions', codes: ['INVALID_INPUT'] },
  { name: 'a version such as ../x', path: '/models/default/versions/..%2Fx', codes: ['INVALID_INPUT'] },
  { name: 'a version that is neither a number nor an alias name', path: '/models/default/versions/1abc', codes: ['INVALID_INPUT'] },
  { name: 'an alias that is not set', path: '/models/default/versions/abc', codes: ['ALIAS_NOT_FOUND'], mentions: ['abc'] },
];

describe('bad input, through the gateway', () => {
  const platform = usePlatform();

  describe('before any model exists', () => {
    it('POST /predict should answer 404 MODEL_NOT_FOUND', async () => {
      const res = await predict(platform);
      expectError(res, ['MODEL_NOT_FOUND'], platform);
      expect(errorText(res)).toContain('default');
    });

    it('GET /models should answer an empty list', async () => {
      const res = await getJson(`${platform.gatewayUrl}/models`);
      expectStatus(res, 200);
      expect(res.body).toEqual({ models: [] });
    });
  });

  describe('with version 1 of "default" trained', () => {
    beforeAll(async () => {
      await trainOk(platform);
    }, 60_000);

    describe('POST /train', () => {
      it.each(BAD_TRAININGS)('should refuse $name with $codes, stay up and create no version', async ({ fields, file, codes, mentions }) => {
        const before = isClusterStore() ? [] : await listModelsDir(platform.modelsDir);

        const res = file === null
          ? await postForm(`${platform.gatewayUrl}/train`, { target_column: 'variety', ...fields })
          : await train(platform, fields, file);

        expectError(res, codes, platform);
        for (const word of mentions ?? []) expect(errorText(res)).toContain(word);
        await expectAllHealthy(platform);
        expect(await listVersions(platform, 'default')).toEqual([1]);
        await whenFolderStore(async () => expect(await listModelsDir(platform.modelsDir)).toEqual(before));
      });
    });

    describe('POST /predict', () => {
      it.each(BAD_PREDICTIONS)('should refuse $name with $codes and stay up', async ({ fields, file, codes, mentions }) => {
        const res = file === null
          ? await postForm(`${platform.gatewayUrl}/predict`, { columns_to_drop: '["variety"]', ...fields })
          : await predict(platform, fields, file);

        expectError(res, codes, platform);
        for (const word of mentions ?? []) expect(errorText(res)).toContain(word);
        await expectAllHealthy(platform);
      });
    });

    describe('GET /models/…', () => {
      it.each(BAD_LOOKUPS)('should answer $name with $codes', async ({ path, codes, mentions }) => {
        const res = await getJson(`${platform.gatewayUrl}${path}`);
        expectError(res, codes, platform);
        for (const word of mentions ?? []) expect(errorText(res)).toContain(word);
      });
    });

    it('should still have exactly version 1 and a working model after all of it', async () => {
      expect(await listVersions(platform, 'default')).toEqual([1]);
      const res = await predict(platform);
      expectStatus(res, 200);
      expect(res.body.model_version).toBe(1);
    });
  });
});
