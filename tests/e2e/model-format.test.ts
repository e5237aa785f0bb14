import { createHash } from 'node:crypto';
import { cp, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect } from '@jest/globals';
import { ARRAY_DTYPE_BYTES, ModelMetadataSchema } from '@tabula/contracts';
import { expectStatus } from '../support/expectations.js';
import { getBytes, postParts, readRepoFile } from '../support/http.js';
import { REPO_ROOT } from '../support/platform.js';
import { csvPart, predictOk, trainOk } from '../support/tabula.js';
import { usePlatform } from '../support/use-platform.js';
import { itFolderOnly } from '../support/folder-only.js';

// Issue 13, model files format 2: new versions keep each engine array as a raw little-endian file
// beside metadata.json, and versions written in format 1 (committed in tests/fixtures/model-format-1
// by the code before format 2) are still served, exported and imported, predicting as they did.

const FORMAT_1 = join(REPO_ROOT, 'tests', 'fixtures', 'model-format-1');
interface Expected {
  csv: string;
  predictions: unknown[];
  probabilities?: Array<Record<string, number>>;
}
const expected = JSON.parse(readRepoFile(join(FORMAT_1, 'expected-predictions.json')).toString('utf8')) as Record<string, Expected>;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('model files, format 2 and format 1, through the gateway', () => {
  const platform = usePlatform();
  const url = (path: string) => `${platform.gatewayUrl}${path}`;

  beforeAll(async () => {
    // Written straight into MODELS_DIR, as an older Tabula left them on the volume.
    for (const name of Object.keys(expected)) await cp(join(FORMAT_1, name), join(platform.modelsDir, name), { recursive: true });
  });

  /** POST /predict of the fixture's CSV for `name`, with probabilities for a classifier. */
  const predictFixture = (name: string, modelName = name) =>
    predictOk(platform, { model_name: modelName, columns_to_drop: '', return_proba: String(expected[name].probabilities !== undefined) }, csvPart(expected[name].csv));

  itFolderOnly.each(Object.keys(expected))('should serve the format-1 version %s exactly as the code that wrote it predicted', async (name) => {
    const res = await predictFixture(name);
    expect(res.body).toMatchObject({ model_name: name, model_version: 1 });
    expect(res.body.predictions).toEqual(expected[name].predictions);
    expect(res.body.probabilities).toEqual(expected[name].probabilities);
  });

  itFolderOnly('should export a format-1 version and import it as it was, predicting the same', async () => {
    const exported = await getBytes(url('/models/churn-forest/versions/1/export'));
    expect(exported.status).toBe(200);
    const res = await postParts(url('/models/churn-copy/import'), [{ name: 'file', file: { content: exported.bytes, filename: 'churn-forest-v1.tabula-model' } }]);
    expectStatus(res, 201);
    const original = ModelMetadataSchema.parse(JSON.parse(await readFile(join(FORMAT_1, 'churn-forest', '1', 'metadata.json'), 'utf8')));
    expect(ModelMetadataSchema.parse(res.body).artifacts).toEqual(original.artifacts);
    const copy = await predictFixture('churn-forest', 'churn-copy');
    expect(copy.body.probabilities).toEqual(expected['churn-forest'].probabilities);
  });

  itFolderOnly('should write a new version as model.json plus one raw file per engine array, each listed with dtype, shape and sha256', async () => {
    await trainOk(platform, { model_name: 'fresh' });
    const dir = join(platform.modelsDir, 'fresh', '1');
    const metadata = ModelMetadataSchema.parse(JSON.parse(await readFile(join(dir, 'metadata.json'), 'utf8')));
    const modelJson = await readFile(join(dir, 'model.json'));
    expect(JSON.parse(modelJson.toString('utf8'))).toMatchObject({ format_version: 2, estimator: { kind: 'tabula-forest', forest: { header: { nTrees: 25 } } } });
    const arrays = metadata.artifacts.filter((artifact) => artifact.dtype !== undefined);
    expect(arrays.map((artifact) => artifact.file).sort()).toEqual(
      ['feature.i32', 'left.u32', 'missingLeft.u8', 'right.u32', 'threshold.f64', 'treeRoot.u32', 'value.f64'].map((file) => `forest.${file}`),
    );
    for (const artifact of arrays) {
      const bytes = await readFile(join(dir, artifact.file));
      const count = (artifact.shape ?? []).reduce((product, size) => product * size, 1);
      expect({ file: artifact.file, size: (await stat(join(dir, artifact.file))).size, sha256: sha256(bytes) }).toEqual({
        file: artifact.file,
        size: count * ARRAY_DTYPE_BYTES[artifact.dtype!],
        sha256: artifact.sha256,
      });
    }
    // The header only: the arrays are not in model.json, as base64 or otherwise.
    expect(modelJson.byteLength).toBeLessThan(arrays.find((artifact) => artifact.file === 'forest.threshold.f64')!.bytes);
    expect((await predictOk(platform, { model_name: 'fresh' })).body.predictions).toHaveLength(30);
  });
});
