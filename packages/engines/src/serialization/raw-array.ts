/**
 * An engine model as a small header plus named typed arrays, and the raw little-endian bytes of one
 * array. Format 1 packs a whole ArraySet into one buffer (typed-array-bundle.ts); format 2 writes one
 * raw file per array and keeps the header in the model's JSON. Either way loading views the bytes.
 */

export type TypedArray = Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;

export const DTYPE_CONSTRUCTORS = {
  float64: Float64Array,
  int32: Int32Array,
  uint32: Uint32Array,
  uint16: Uint16Array,
  uint8: Uint8Array,
} as const;

/** Element types of saved arrays, named as numpy names them; always little-endian on disk. */
export type Dtype = keyof typeof DTYPE_CONSTRUCTORS;

/** One saved array: its data and its shape (row-major; the product of the shape is data.length). */
export interface ShapedArray {
  data: TypedArray;
  shape: number[];
}

/** What an engine saves: JSON-safe header fields (format, version, sizes) and its arrays by name. */
export interface ArraySet {
  header: Record<string, string | number | boolean>;
  arrays: Record<string, ShapedArray>;
}

/** An ArraySet as read back (from one bundle or from raw files), before the engine checks it. */
export interface LoadedArrays {
  header: Record<string, unknown>;
  arrays: ReadonlyMap<string, TypedArray>;
}

/** Whether this machine stores typed arrays little-endian (every platform Node ships for does). */
export const IS_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

export function dtypeOf(array: TypedArray): Dtype {
  for (const [dtype, ctor] of Object.entries(DTYPE_CONSTRUCTORS)) if (array instanceof ctor) return dtype as Dtype;
  throw new TypeError('unsupported typed array');
}

/**
 * The bytes of `array` as they go into a raw file: a view, no copy.
 *
 * @throws TypeError on a big-endian machine, whose bytes would not be the little-endian the files promise.
 */
export function rawBytesOf(array: TypedArray): Uint8Array {
  if (!IS_LITTLE_ENDIAN) throw new TypeError('raw array files are little-endian; this machine is big-endian');
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/**
 * A typed array of `length` elements of `dtype` over a raw little-endian file's bytes: a view when the
 * bytes start at a multiple of the element size (a file read into its own buffer does), a copy otherwise.
 *
 * @throws TypeError when the byte count is not length × element size, or on a big-endian machine.
 */
export function viewRawArray(bytes: Uint8Array, dtype: Dtype, length: number): TypedArray {
  const ctor = Object.hasOwn(DTYPE_CONSTRUCTORS, dtype) ? DTYPE_CONSTRUCTORS[dtype] : undefined;
  if (ctor === undefined) throw new TypeError(`unknown dtype '${String(dtype)}'`);
  if (!IS_LITTLE_ENDIAN) throw new TypeError('raw array files are little-endian; this machine is big-endian');
  if (!Number.isSafeInteger(length) || length < 0 || bytes.byteLength !== length * ctor.BYTES_PER_ELEMENT) {
    throw new TypeError(`expected ${length} ${dtype} values (${length * ctor.BYTES_PER_ELEMENT} bytes), got ${bytes.byteLength} bytes`);
  }
  const aligned = bytes.byteOffset % ctor.BYTES_PER_ELEMENT === 0 ? bytes : bytes.slice();
  return new ctor(aligned.buffer as ArrayBuffer, aligned.byteOffset, length);
}
