import { createHash } from 'node:crypto';

// Reading and rewriting a model export, to craft the hostile or damaged files an import must
// refuse: the export format (a JSON header line, then each artifact's bytes) and a tabula forest's
// arrays: raw files listed in model.json (model files format 2) or, in format 1, a binary inside
// model.json ('TBLA', header length, JSON header, 8-aligned typed arrays), as
// packages/model-store/src/model-export.ts and packages/engines/src/serialization/ write them.

export interface ModelExport {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  header: any;
  files: Record<string, Buffer>;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export function parseExport(bytes: Buffer): ModelExport {
  const end = bytes.indexOf(0x0a);
  const header = JSON.parse(bytes.subarray(0, end).toString('utf8'));
  const files: Record<string, Buffer> = {};
  let offset = end + 1;
  for (const artifact of header.metadata.artifacts as Array<{ file: string; bytes: number }>) {
    files[artifact.file] = Buffer.from(bytes.subarray(offset, offset + artifact.bytes));
    offset += artifact.bytes;
  }
  return { header, files };
}

/** The export file again, with each artifact's size and sha256 recorded anew (so only the content is wrong). */
export function buildExport({ header, files }: ModelExport): Buffer {
  const artifacts = Object.entries(files).map(([file, bytes]) => ({ file, bytes: bytes.byteLength, sha256: sha256(bytes) }));
  const line = JSON.stringify({ ...header, metadata: { ...header.metadata, artifacts } });
  return Buffer.concat([Buffer.from(`${line}\n`), ...Object.values(files)]);
}

/** metadata.json as the store writes it for `files`, for a version written straight into MODELS_DIR. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function storedMetadata(metadata: any, name: string, version: number, files: Record<string, Buffer>): string {
  const artifacts = Object.entries(files).map(([file, bytes]) => ({ file, bytes: bytes.byteLength, sha256: sha256(bytes) }));
  return `${JSON.stringify({ ...metadata, model_name: name, version, artifacts, imported_from: undefined }, null, 2)}\n`;
}

export interface ForestArrays {
  header: Record<string, unknown>;
  feature: Int32Array;
  threshold: Float64Array;
  value: Float64Array;
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;

/**
 * Rewrites the tabula forest of a version's files: `edit` may change the forest's header fields and
 * the feature, threshold and value arrays in place. Format 2 (arrays as raw files listed in
 * model.json) and format 1 (a binary, base64 inside model.json) are both rewritten; the files that
 * change come back new, the others as they were.
 */
export function editForest(files: Record<string, Buffer>, edit: (forest: ForestArrays) => void): Record<string, Buffer> {
  const model = JSON.parse(files['model.json'].toString('utf8'));
  if (typeof model.estimator.forest === 'string') return { ...files, 'model.json': editForestFormat1(model, edit) };
  const { header, arrays } = model.estimator.forest as { header: Record<string, unknown>; arrays: Record<string, { file: string }> };
  const copy = <T>(name: string, Ctor: new (buffer: ArrayBuffer) => T): [string, Buffer, T] => {
    const bytes = Buffer.from(files[arrays[name].file]);
    return [arrays[name].file, bytes, new Ctor(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer)];
  };
  const feature = copy('feature', Int32Array);
  const threshold = copy('threshold', Float64Array);
  const value = copy('value', Float64Array);
  edit({ header, feature: feature[2], threshold: threshold[2], value: value[2] });
  if (typeof header.nFeatures === 'number') model.estimator.nFeatures = header.nFeatures;
  const edited: Record<string, Buffer> = { ...files, 'model.json': Buffer.from(JSON.stringify(model)) };
  for (const [file, , array] of [feature, threshold, value]) edited[file] = Buffer.from((array as Int32Array | Float64Array).buffer);
  return edited;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function editForestFormat1(model: any, edit: (forest: ForestArrays) => void): Buffer {
  const bytes = Buffer.from(model.estimator.forest, 'base64');
  const headerLength = bytes.readUInt32LE(4);
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8'));
  const data = new Uint8Array(bytes.subarray(align8(8 + headerLength)));
  const view = <T>(name: string, Ctor: new (buffer: ArrayBuffer, offset: number, length: number) => T): T => {
    const entry = (header.arrays as Array<{ name: string; offset: number; length: number }>).find((a) => a.name === name);
    if (!entry) throw new Error(`no array ${name}`);
    return new Ctor(data.buffer as ArrayBuffer, entry.offset, entry.length);
  };
  edit({ header, feature: view('feature', Int32Array), threshold: view('threshold', Float64Array), value: view('value', Float64Array) });
  const json = Buffer.from(JSON.stringify(header));
  const packed = Buffer.alloc(align8(8 + json.length) + data.length);
  bytes.copy(packed, 0, 0, 4);
  packed.writeUInt32LE(json.length, 4);
  json.copy(packed, 8);
  Buffer.from(data).copy(packed, align8(8 + json.length));
  model.estimator.forest = packed.toString('base64');
  if (typeof header.nFeatures === 'number') model.estimator.nFeatures = header.nFeatures;
  return Buffer.from(JSON.stringify(model));
}
