import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { decodeModelExport, openModelStore, type ModelStore } from './index.js';
import { makeDraft, makeFiles, makeTempDir } from './test-fixtures.js';

let store: ModelStore;
let cleanup: () => Promise<void>;
let exported: Buffer;

beforeEach(async () => {
  let root: string;
  ({ dir: root, cleanup } = await makeTempDir());
  store = openModelStore(root);
  await store.createVersion(makeDraft('iris'), makeFiles());
  exported = Buffer.concat((await store.exportVersion('iris', 1)).parts);
});
afterEach(() => cleanup());

const headerLength = () => exported.indexOf(0x0a) + 1;
const withHeader = (change: (header: Record<string, unknown>) => void) => {
  const header = JSON.parse(exported.subarray(0, headerLength() - 1).toString('utf8')) as Record<string, unknown>;
  change(header);
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), exported.subarray(headerLength())]);
};

describe('model export files', () => {
  it('should carry the metadata and every artifact byte for byte', async () => {
    const { header, files } = decodeModelExport(exported);
    expect(header).toMatchObject({ format: 'tabula-model-export', format_version: 1, metadata: await store.readMetadata('iris', 1) });
    expect(Number.isNaN(Date.parse(header.exported_at))).toBe(false);
    expect(files).toEqual(makeFiles());
    // Header line plus raw artifacts: the file is the size of what is stored, not base64 of it.
    expect(exported.byteLength).toBe(headerLength() + 12 + 256);
  });

  it('should carry the dtype and shape of raw array files (model files format 2)', async () => {
    const value = new Uint8Array(Float64Array.of(0.25, 0.75).buffer);
    await store.createVersion(makeDraft('iris'), { 'model.json': new TextEncoder().encode('{}'), 'forest.value.f64': value }, { 'forest.value.f64': { dtype: 'float64', shape: [1, 2] } });
    const { header, files } = decodeModelExport(Buffer.concat((await store.exportVersion('iris', 2)).parts));
    expect(header.metadata.artifacts[1]).toMatchObject({ file: 'forest.value.f64', bytes: 16, dtype: 'float64', shape: [1, 2] });
    expect(Array.from(new Float64Array(files['forest.value.f64'].buffer))).toEqual([0.25, 0.75]);
  });

  it('should give each decoded artifact its own buffer, so typed-array views of any width fit', () => {
    const { files } = decodeModelExport(exported);
    for (const bytes of Object.values(files)) {
      expect(bytes.byteOffset).toBe(0);
      expect(bytes.buffer.byteLength).toBe(bytes.byteLength);
    }
  });

  const BAD_FILES: Array<[string, () => Uint8Array, RegExp]> = [
    ['an empty file', () => new Uint8Array(0), /empty/],
    ['a CSV', () => Buffer.from('a,b\n1,2\n'), /not a Tabula model export/],
    ['binary noise', () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), /not a Tabula model export/],
    ['JSON without the marker', () => Buffer.from('{"model_name": "iris"}\n'), /no "format": "tabula-model-export" marker/],
    ['a newer format version', () => withHeader((h) => (h.format_version = 2)), /format_version 2/],
    ['a header without metadata', () => withHeader((h) => delete h.metadata), /does not match the export schema/],
    ['a header cut short', () => exported.subarray(0, headerLength() - 10), /never ends/],
    ['a file cut in the artifacts', () => exported.subarray(0, exported.byteLength - 1), /truncated/],
    ['trailing bytes', () => Buffer.concat([exported, Buffer.from('x')]), /1 unexpected bytes/],
    ['an altered artifact byte', () => Buffer.from(exported).fill(7, exported.byteLength - 3, exported.byteLength - 2), /"forest\.bin" does not match its recorded sha256/],
    [
      'an artifact name that climbs out',
      () => withHeader((h) => ((h.metadata as { artifacts: Array<{ file: string }> }).artifacts[0].file = '../model.json')),
      /does not match the export schema|not allowed/,
    ],
    [
      'metadata.json as an artifact',
      () => withHeader((h) => ((h.metadata as { artifacts: Array<{ file: string }> }).artifacts[0].file = 'metadata.json')),
      /"metadata\.json" is not allowed/,
    ],
  ];

  it.each(BAD_FILES)('should refuse %s with INVALID_INPUT saying why', (_name, make, reason) => {
    let thrown: unknown;
    try {
      decodeModelExport(make());
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(reason), hint: expect.stringContaining('/export') });
  });
});
