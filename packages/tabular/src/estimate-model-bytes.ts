import type { PreprocessorState } from './preprocessing/preprocessor-state.js';

// V8 on 64-bit Node (no pointer compression): a string is a 16-byte header plus its characters
// (1 byte each for Latin-1, 2 otherwise), rounded up to 8; an array slot is an 8-byte pointer; a
// small object is about 56 bytes. Measured against heap use: bench/README.md, "Measurements made by hand".
const STRING_HEADER_BYTES = 16;
const SLOT_BYTES = 8;
const OBJECT_BYTES = 56;
/**
 * Heap bytes per byte of JSON text for state kept as plain JS objects (ml.js trees and weights):
 * every node is an object with a few properties and boxed numbers. Measured on ml.js forests.
 */
const OBJECT_BYTES_PER_TEXT_BYTE = 9;

const align8 = (n: number): number => Math.ceil(n / 8) * 8;

/** Heap bytes of a string: its header and characters, two bytes each when any is outside Latin-1. */
export function estimateStringBytes(text: string): number {
  // eslint-disable-next-line no-control-regex
  const bytesPerChar = /[^\u0000-\u00ff]/.test(text) ? 2 : 1;
  return align8(STRING_HEADER_BYTES + text.length * bytesPerChar);
}

/** Heap bytes of a fitted preprocessing: per column an object and its name; per category a slot and a string. */
export function estimatePreprocessorBytes(state: PreprocessorState): number {
  let bytes = 0;
  for (const column of state.columns) {
    bytes += OBJECT_BYTES + SLOT_BYTES + estimateStringBytes(column.name);
    if (column.type === 'categorical') {
      bytes += OBJECT_BYTES + (column.mode === null ? 0 : estimateStringBytes(column.mode));
      for (const category of column.categories) bytes += SLOT_BYTES + estimateStringBytes(category);
    }
  }
  return bytes;
}

/** Heap bytes of state held as plain JS objects, from the length of its JSON text. */
export const estimateObjectBytes = (textBytes: number): number => textBytes * OBJECT_BYTES_PER_TEXT_BYTE;
