/**
 * A compact binary container for a model: a small JSON header, then each typed array's raw bytes at an
 * 8-byte-aligned offset. Loading is one pass over the header plus typed-array views, never JSON arrays
 * of numbers.
 *
 * Layout: 'TBLA' magic (4 bytes) | header length in bytes (uint32 little-endian) | header (UTF-8 JSON)
 * | zero padding to a multiple of 8 | array data. The header is the caller's fields plus
 * `littleEndian` and `arrays`: [{ name, dtype, offset, length }], offsets counted from the data start.
 * Model files format 1 keep this container (base64) inside model.json; format 2 writes each array
 * of the same ArraySet as its own raw file instead (raw-array.ts).
 */

import { DTYPE_CONSTRUCTORS as CONSTRUCTORS, IS_LITTLE_ENDIAN, dtypeOf, type ArraySet, type Dtype, type LoadedArrays, type TypedArray } from './raw-array.js';

export interface ArrayEntry {
  name: string;
  dtype: Dtype;
  /** Byte offset from the start of the data section. */
  offset: number;
  /** Element count. */
  length: number;
}

const MAGIC = [0x54, 0x42, 0x4c, 0x41];

const align8 = (n: number) => Math.ceil(n / 8) * 8;

/** Packs an ArraySet's header fields and arrays (their data; shapes follow from the header) into one Uint8Array. */
export function packTypedArrays({ header, arrays: shaped }: ArraySet): Uint8Array {
  const arrays = Object.fromEntries(Object.entries(shaped).map(([name, array]) => [name, array.data]));
  const entries: ArrayEntry[] = [];
  let dataLength = 0;
  for (const [name, array] of Object.entries(arrays)) {
    entries.push({ name, dtype: dtypeOf(array), offset: dataLength, length: array.length });
    dataLength = align8(dataLength + array.byteLength);
  }
  const json = new TextEncoder().encode(JSON.stringify({ ...header, littleEndian: IS_LITTLE_ENDIAN, arrays: entries }));
  const dataStart = align8(8 + json.length);
  const bytes = new Uint8Array(dataStart + dataLength);
  bytes.set(MAGIC, 0);
  new DataView(bytes.buffer).setUint32(4, json.length, true);
  bytes.set(json, 8);
  entries.forEach((entry, i) => {
    const array = Object.values(arrays)[i];
    bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), dataStart + entry.offset);
  });
  return bytes;
}

/**
 * Reads a packTypedArrays container. Arrays are views over `bytes` when it is 8-byte aligned (as a
 * fresh file read is); otherwise the data is copied once into an aligned buffer.
 *
 * @throws TypeError when the bytes are not a container or were written on the other endianness.
 */
export function unpackTypedArrays(bytes: Uint8Array): LoadedArrays {
  if (!(bytes instanceof Uint8Array) || bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new TypeError('not a Tabula model file (bad magic bytes)');
  }
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(4, true);
  if (8 + headerLength > bytes.length) throw new TypeError('truncated model file header');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Record<string, unknown>;
  if (header.littleEndian !== IS_LITTLE_ENDIAN) throw new TypeError('model file was written with another byte order');
  const dataStart = align8(8 + headerLength);
  let data = bytes.subarray(dataStart);
  if (data.byteOffset % 8 !== 0) data = data.slice();
  const arrays = new Map<string, TypedArray>();
  if (!Array.isArray(header.arrays)) throw new TypeError('model file header lists no arrays');
  for (const entry of header.arrays as ArrayEntry[]) {
    const ctor = Object.hasOwn(CONSTRUCTORS, entry?.dtype) ? CONSTRUCTORS[entry.dtype] : undefined;
    if (ctor === undefined) throw new TypeError(`unknown dtype '${String(entry?.dtype)}' for array '${String(entry?.name)}'`);
    if (!Number.isSafeInteger(entry.offset) || !Number.isSafeInteger(entry.length) || entry.offset < 0 || entry.length < 0) {
      throw new TypeError(`array '${entry.name}' has an invalid offset or length`);
    }
    if (entry.offset % 8 !== 0 || entry.offset + entry.length * ctor.BYTES_PER_ELEMENT > data.length) {
      throw new TypeError(`array '${entry.name}' lies outside the model file`);
    }
    arrays.set(entry.name, new ctor(data.buffer as ArrayBuffer, data.byteOffset + entry.offset, entry.length));
  }
  return { header, arrays };
}

/** The array `name` from an unpacked container, checked for dtype and length. */
export function takeArray<D extends Dtype>(
  arrays: ReadonlyMap<string, TypedArray>,
  name: string,
  dtype: D,
  length: number,
): InstanceType<(typeof CONSTRUCTORS)[D]> {
  const array = arrays.get(name);
  if (array === undefined || !(array instanceof CONSTRUCTORS[dtype]) || array.length !== length) {
    throw new TypeError(`model file array '${name}' is missing or is not ${dtype}[${length}]`);
  }
  return array as InstanceType<(typeof CONSTRUCTORS)[D]>;
}
