import { ArraySpecSchema, ArtifactSchema, z, type ArraySpec } from '@tabula/contracts';
import { dtypeOf, rawBytesOf, unpackTypedArrays, viewRawArray, type ArraySet, type Dtype, type LoadedArrays, type TypedArray } from '@tabula/engines';

/** Base64 text for an engine's binary serialization, so it can sit in the JSON model file (format 1). */
export function bytesToBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The bytes of bytesToBase64's text, in a fresh (8-byte-aligned) buffer so the engines can view them without copying. */
export function base64ToBytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/** Class indices for the engines' classifiers; TrainingData carries them as Float64Array. */
export function toClassIndices(y: Float64Array): Int32Array {
  return Int32Array.from(y);
}

// The file name suffix of each dtype, numpy's short names: forest.threshold.f64.
const DTYPE_SUFFIX: Record<Dtype, string> = { float64: 'f64', int32: 'i32', uint32: 'u32', uint16: 'u16', uint8: 'u8' };

/**
 * Model files format 2: an engine's ArraySet as model.json keeps it. The header (format, version,
 * sizes) stays in the JSON; each array is a raw little-endian file beside it, named here with its
 * dtype and shape (metadata.json lists the same, with the file's sha256).
 */
export const ArrayFilesSchema = z.object({
  header: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  arrays: z.record(z.string(), ArraySpecSchema.extend({ file: ArtifactSchema.shape.file })),
});
export type ArrayFiles = z.infer<typeof ArrayFilesSchema>;

/**
 * Splits an engine's ArraySet into the listing model.json keeps and one raw file per array, named
 * `<prefix>.<array>.<dtype suffix>`. The files are views over the arrays, not copies.
 */
export function writeArrayFiles(prefix: string, set: ArraySet): { listing: ArrayFiles; files: Record<string, Uint8Array> } {
  const listing: ArrayFiles = { header: set.header, arrays: {} };
  const files: Record<string, Uint8Array> = {};
  for (const [name, { data, shape }] of Object.entries(set.arrays)) {
    const dtype = dtypeOf(data);
    const file = `${prefix}.${name}.${DTYPE_SUFFIX[dtype]}`;
    listing.arrays[name] = { file, dtype, shape };
    files[file] = rawBytesOf(data);
  }
  return { listing, files };
}

/**
 * An engine's saved arrays, for its loader (forestFromArraySet, logisticFromArraySet): format 1's
 * base64 bundle decoded into one aligned buffer, or format 2's listed files, each viewed in place
 * once checked to hold exactly dtype × shape bytes. The loader then checks every array against the
 * header's sizes.
 *
 * @throws TypeError naming the file when one is missing or of the wrong size, or when the bundle is not one.
 */
export function readEngineArrays(saved: string | ArrayFiles, files: Record<string, Uint8Array>): LoadedArrays {
  if (typeof saved === 'string') return unpackTypedArrays(base64ToBytes(saved));
  const arrays = new Map<string, TypedArray>();
  for (const [name, { file, dtype, shape }] of Object.entries(saved.arrays)) {
    if (!Object.hasOwn(files, file)) throw new TypeError(`array file ${file} is missing`);
    try {
      arrays.set(name, viewRawArray(files[file], dtype, elementCount(shape)));
    } catch (error) {
      throw new TypeError(`array file ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  return { header: saved.header, arrays };
}

/** Each listed array file's dtype and shape, as metadata.json records them. */
export function describeArrayFiles(listing: ArrayFiles): Record<string, ArraySpec> {
  return Object.fromEntries(Object.values(listing.arrays).map(({ file, dtype, shape }) => [file, { dtype, shape }]));
}

const elementCount = (shape: number[]): number => shape.reduce((product, size) => product * size, 1);
