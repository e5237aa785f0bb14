import { cp, mkdir, mkdtemp, readFile, readdir, rename, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { errorText, expectError, expectStatus, listVersions } from '../support/expectations.js';
import { getBytes, getJson, postJson, postParts, sendJson, type ApiResponse } from '../support/http.js';
import { buildExport, editForest, parseExport, storedMetadata, type ModelExport } from '../support/model-export-files.js';
import { IRIS_FEATURES, predictOk, train, trainOk } from '../support/tabula.js';
import { usePlatform } from '../support/use-platform.js';
import { itFolderOnly } from '../support/folder-only.js';

// Issue 12's store and memory findings, driven through the gateway: version refs are plain
// decimal and names are taken as sent; the store never acts through a symbolic link; the start-up
// sweep keeps what it did not make; imports and loads are capped and their numbers checked; JSON
// bodies are capped in rows.

const MAX_JSON_ROWS = 50;
const SETOSA = { 'sepal.length': 5.1, 'sepal.width': 3.5, 'petal.length': 1.4, 'petal.width': 0.2 };
const HOST = hostname().replace(/[^A-Za-z0-9.-]/g, '_');
/** A pid no process has: Linux caps pids at 2^22. */
const DEAD_PID = 2 ** 22 + 1;

/** Every entry under a dir with file contents: compared before and after, it shows any change outside the store. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files: Record<string, string> = {};
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name);
    files[relative(dir, path)] = entry.isFile() ? await readFile(path, 'utf8') : entry.isDirectory() ? '<dir>' : '<link>';
  }
  return files;
}

/** The predictor's resident memory, in MB, from /proc. */
async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024;
}

describe('the model store and the predictor’s memory, hardened (issue 12)', () => {
  const platform = usePlatform({ env: { MAX_JSON_ROWS: String(MAX_JSON_ROWS) } });
  const url = (path: string) => `${platform.gatewayUrl}${path}`;
  const importFile = (name: string, content: Buffer) => postParts(url(`/models/${name}/import`), [{ name: 'file', file: { content, filename: `${name}.tabula-model` } }]);
  let outside: string;
  let irisExport: ModelExport;

  beforeAll(async () => {
    outside = await mkdtemp(join(tmpdir(), 'tabula-e2e-outside-'));
    await trainOk(platform, { model_name: 'iris' });
    const exported = await getBytes(url('/models/iris/versions/1/export'));
    expect(exported.status).toBe(200);
    irisExport = parseExport(exported.bytes);
    // Four versions of "strict", quickly: imports of the same export.
    for (let i = 0; i < 4; i++) expectStatus(await importFile('strict', exported.bytes), 201);
  }, 120_000);
  afterAll(() => rm(outside, { recursive: true, force: true }));

  describe('version numbers and model names', () => {
    it.each(['0x4', '1e0', '04', '%204', '4.0', '+4'])('should refuse DELETE …/versions/%s with 400, deleting nothing', async (ref) => {
      const res = await sendJson('DELETE', url(`/models/strict/versions/${ref}`));
      expectError(res, ['INVALID_INPUT'], platform);
      expect(errorText(res)).toContain('plain decimal integer');
      expect(await listVersions(platform, 'strict')).toEqual([1, 2, 3, 4]);
    });

    it.each(['0x4', '1e0', '04'])('should refuse GET …/versions/%s with 400 rather than read it as a number', async (ref) => {
      expectError(await getJson(url(`/models/strict/versions/${ref}`)), ['INVALID_INPUT'], platform);
    });

    it('should take "strict%20" as the name "strict " and refuse it, naming the allowed pattern', async () => {
      for (const res of [
        await getJson(url('/models/strict%20')),
        await sendJson('DELETE', url('/models/strict%20/versions/4')),
        await postJson(url('/predict?model_name=iris%20'), SETOSA),
      ]) {
        expectError(res, ['INVALID_INPUT'], platform);
        expect(errorText(res)).toContain('letters, digits');
      }
      expect(await listVersions(platform, 'strict')).toEqual([1, 2, 3, 4]);
      // The plain forms still work.
      expectStatus(await getJson(url('/models/strict/versions/4')), 200);
    });
  });

  describe('symbolic links inside MODELS_DIR', () => {
    itFolderOnly('should refuse to DELETE a version that is a link to a directory outside, leaving it intact', async () => {
      const target = join(outside, 'strict-3');
      await rename(join(platform.modelsDir, 'strict', '3'), target);
      await symlink(target, join(platform.modelsDir, 'strict', '3'));
      const before = await snapshot(outside);

      const res = await sendJson('DELETE', url('/models/strict/versions/3'));
      expectError(res, ['MODEL_CORRUPT'], platform);
      expect(errorText(res)).toContain('symbolic link');
      expectError(await getJson(url('/models/strict/versions/3')), ['MODEL_CORRUPT'], platform);
      expect(await snapshot(outside)).toEqual(before);
    });

    itFolderOnly('should refuse to DELETE or train through a model directory linked outside, writing and removing nothing there', async () => {
      await mkdir(join(outside, 'evil'));
      await cp(join(platform.modelsDir, 'strict', '1'), join(outside, 'evil', '1'), { recursive: true });
      await symlink(join(outside, 'evil'), join(platform.modelsDir, 'evil'));
      const before = await snapshot(outside);

      expectError(await sendJson('DELETE', url('/models/evil/versions/1')), ['MODEL_CORRUPT'], platform);
      const trained = await train(platform, { model_name: 'evil' });
      expectError(trained, ['MODEL_CORRUPT'], platform);
      expect(errorText(trained)).toContain('symbolic link');
      expect(await snapshot(outside)).toEqual(before);
      // The rest of the store is served as before.
      expect((await getJson(url('/models'))).body.models.map((m: { model_name: string }) => m.model_name)).not.toContain('evil');
      await predictOk(platform, { model_name: 'iris' });
    });
  });

  describe('the start-up sweep of a shared UPLOAD_DIR', () => {
    it('should keep files it did not make, however old, and still clear a dead owner’s dir', async () => {
      const longAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
      await writeFile(join(platform.uploadDir, 'someone-elses.txt'), 'not Tabula’s');
      await mkdir(join(platform.uploadDir, 'someone-elses-dir'));
      await mkdir(join(platform.uploadDir, `tabula~${HOST}~${DEAD_PID}`));
      for (const entry of ['someone-elses.txt', 'someone-elses-dir']) await utimes(join(platform.uploadDir, entry), longAgo, longAgo);

      await platform.stop('trainer');
      await platform.start('trainer');
      await platform.stop('predictor');
      await platform.start('predictor');

      const entries = await readdir(platform.uploadDir);
      expect(entries).toEqual(expect.arrayContaining(['someone-elses.txt', 'someone-elses-dir']));
      expect(entries).not.toContain(`tabula~${HOST}~${DEAD_PID}`);
      expect(await readFile(join(platform.uploadDir, 'someone-elses.txt'), 'utf8')).toBe('not Tabula’s');
    }, 120_000);
  });

  describe('model caps', () => {
    /** The iris export with one more input column, "city", of 100,000 one-hot categories: a sound model, just too wide. */
    function withCityColumn(): ModelExport {
      const model = JSON.parse(irisExport.files['model.json'].toString('utf8'));
      model.preprocessor.columns.push({ name: 'city', type: 'categorical', mode: 'c0', categories: Array.from({ length: 100_000 }, (_, i) => `c${i}`) });
      const widened = editForest({ ...irisExport.files, 'model.json': Buffer.from(JSON.stringify(model)) }, (forest) => (forest.header.nFeatures = IRIS_FEATURES.length + 100_000));
      const metadata = structuredClone(irisExport.header.metadata);
      metadata.signature.features.push({ name: 'city', type: 'categorical' });
      return { header: { ...irisExport.header, metadata }, files: widened };
    }

    it('should refuse to import a model with 100,000 categories with 413 naming MAX_CATEGORIES, storing nothing', async () => {
      const res = await importFile('wide', buildExport(withCityColumn()));
      expectError(res, ['PAYLOAD_TOO_LARGE'], platform);
      expect(res.body.error.message).toBe('The column "city" of the imported model "iris" version 1 has 100000 categories; the limit is 1000 (MAX_CATEGORIES).');
      expectError(await getJson(url('/models/wide')), ['MODEL_NOT_FOUND'], platform);
    });

    itFolderOnly('should refuse to load such a model written straight into MODELS_DIR, naming the cap, and stay small', async () => {
      const { header, files } = withCityColumn();
      const dir = join(platform.modelsDir, 'wide-stored', '1');
      await mkdir(dir, { recursive: true });
      for (const [file, bytes] of Object.entries(files)) await writeFile(join(dir, file), bytes);
      await writeFile(join(dir, 'metadata.json'), storedMetadata(header.metadata, 'wide-stored', 1, files));
      const pid = platform.pid('predictor') as number;
      const before = await rssMb(pid);

      const res = await postJson(url('/predict?model_name=wide-stored'), { ...SETOSA, city: 'c7' });
      expectError(res, ['PAYLOAD_TOO_LARGE'], platform);
      expect(res.body.error.message).toContain('100000 categories; the limit is 1000 (MAX_CATEGORIES)');
      // Decoded, this forest's walk tables alone would take 100,004 × 2 KB = 204 MB.
      expect(await rssMb(pid)).toBeLessThan(before + 100);
    });
  });

  describe('the numbers of an imported model', () => {
    const firstSplit = (feature: Int32Array) => feature.findIndex((f) => f >= 0);
    const firstLeaf = (feature: Int32Array) => feature.findIndex((f) => f === -1);
    const crafted = (edit: Parameters<typeof editForest>[1]): Buffer =>
      buildExport({ header: irisExport.header, files: editForest(irisExport.files, edit) });

    it.each<[string, () => Buffer, string]>([
      ['a NaN threshold', () => crafted((f) => (f.threshold[firstSplit(f.feature)] = Number.NaN)), 'has threshold NaN'],
      ['a leaf voting 2 for one class', () => crafted((f) => f.value.set([0, 0, 2], firstLeaf(f.feature) * 3)), 'has frequency 2 for class 2'],
      ['an infinite leaf', () => crafted((f) => f.value.set([Number.POSITIVE_INFINITY, 0, 0], firstLeaf(f.feature) * 3)), 'has frequency Infinity'],
      ['a split on a feature the model does not have', () => crafted((f) => (f.feature[firstSplit(f.feature)] = 9)), 'splits on feature 9'],
    ])('should refuse a tabula forest with %s with 400 saying what is wrong', async (_label, file, says) => {
      const res = await importFile('crafted', file());
      expectError(res, ['INVALID_INPUT'], platform);
      expect(res.body.error.message).toContain(says);
      expectError(await getJson(url('/models/crafted')), ['MODEL_NOT_FOUND'], platform);
    });

    it('should refuse an ml.js forest whose leaf votes past the class count', async () => {
      await trainOk(platform, { model_name: 'mljs', model_params: '{"n_estimators": 3, "random_state": 7, "engine": "mljs"}' });
      const exported = parseExport((await getBytes(url('/models/mljs/versions/1/export'))).bytes);
      const model = JSON.parse(exported.files['model.json'].toString('utf8'));
      let node = model.estimator.forest.baseModel.estimators[0].root;
      while (node.distribution === undefined) node = node.left;
      node.distribution = [[0, 0, 0, 1]];
      const res = await importFile('crafted', buildExport({ header: exported.header, files: { 'model.json': Buffer.from(JSON.stringify(model)) } }));
      expectError(res, ['INVALID_INPUT'], platform);
      expect(res.body.error.message).toContain('voting over 4 classes');
    }, 120_000);
  });

  describe('rows of a JSON prediction', () => {
    const records = (n: number) => Array.from({ length: n }, () => SETOSA);

    it.each<[string, (n: number) => unknown]>([
      ['/predict_batch', (n) => records(n)],
      ['/predict', (n) => ({ dataframe_split: { columns: IRIS_FEATURES, data: records(n).map((r) => Object.values(r)) } })],
    ])('should score MAX_JSON_ROWS rows on %s and refuse one more with 413 naming MAX_JSON_ROWS', async (path, body) => {
      const ok: ApiResponse = await postJson(url(`${path}?model_name=iris&return_proba=true`), body(MAX_JSON_ROWS));
      expectStatus(ok, 200);
      expect(ok.body.predictions).toHaveLength(MAX_JSON_ROWS);
      const refused = await postJson(url(`${path}?model_name=iris&return_proba=true`), body(MAX_JSON_ROWS + 1));
      expectError(refused, ['PAYLOAD_TOO_LARGE'], platform);
      expect(refused.body.error.message).toBe(`The JSON body holds ${MAX_JSON_ROWS + 1} rows; the limit is ${MAX_JSON_ROWS} (MAX_JSON_ROWS).`);
    });
  });
});
