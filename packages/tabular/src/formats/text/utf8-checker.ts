import { isUtf8 } from 'node:buffer';

/** What an invalid sequence looks like to a reader: where it starts in the bytes checked, and its first byte. */
export interface Utf8Fault {
  /** 0-based index, in the bytes given, of the first byte of the first invalid sequence. */
  index: number;
  /** That byte in hex, e.g. "E9". */
  byte: string;
}

/** How many bytes the sequence led by `lead` has; 0 for a byte that cannot lead one (continuation, C0, C1, F5+). */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** The range a lead byte allows its first continuation byte (overlongs, surrogates and > U+10FFFF excluded). */
const secondByteRange = (lead: number): [number, number] =>
  lead === 0xe0 ? [0xa0, 0xbf] : lead === 0xed ? [0x80, 0x9f] : lead === 0xf0 ? [0x90, 0xbf] : lead === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];

/**
 * Where the first invalid UTF-8 sequence of `bytes` starts, or null when they are all valid. A
 * sequence cut short by the end counts as invalid. Only run on bytes already known to fail
 * isUtf8, to say where: simdutf's check is ten times faster and answers only yes or no.
 */
export function findInvalidUtf8(bytes: Uint8Array): Utf8Fault | null {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i];
    const length = sequenceLength(lead);
    let isValid = length > 0 && i + length <= bytes.length;
    if (isValid && length > 1) {
      const [low, high] = secondByteRange(lead);
      isValid = bytes[i + 1] >= low && bytes[i + 1] <= high;
      for (let k = 2; isValid && k < length; k++) isValid = (bytes[i + k] & 0xc0) === 0x80;
    }
    if (!isValid) return { index: i, byte: lead.toString(16).toUpperCase().padStart(2, '0') };
    i += length;
  }
  return null;
}

/** Where the sequence cut by the end of `bytes` starts (bytes.length when none is): at most 3 bytes back. */
function incompleteTailStart(bytes: Uint8Array, from: number): number {
  const end = bytes.length;
  for (let back = 1; back <= 3 && end - back >= from; back++) {
    const byte = bytes[end - back];
    if ((byte & 0xc0) === 0x80) continue;
    return sequenceLength(byte) > back ? end - back : end;
  }
  return end;
}

const EMPTY = new Uint8Array(0);

/**
 * Checks a UTF-8 stream chunk by chunk with node's isUtf8 (simdutf, several GB/s), carrying a
 * character cut across two chunks (at most 3 bytes) over to the next one. `check` returns the
 * first fault with its index relative to the chunk (negative when it lies in the carried bytes).
 */
export class Utf8Checker {
  private carry: Uint8Array = EMPTY;

  check(chunk: Uint8Array): Utf8Fault | null {
    let start = 0;
    if (this.carry.length > 0) {
      const need = sequenceLength(this.carry[0]) - this.carry.length;
      start = Math.min(need, chunk.length);
      const joined = Buffer.concat([this.carry, chunk.subarray(0, start)]);
      if (start < need) {
        this.carry = joined;
        return null;
      }
      const fault = isUtf8(joined) ? null : findInvalidUtf8(joined);
      if (fault) return { ...fault, index: fault.index - this.carry.length };
      this.carry = EMPTY;
    }
    const cut = incompleteTailStart(chunk, start);
    const body = chunk.subarray(start, cut);
    if (!isUtf8(body)) {
      const fault = findInvalidUtf8(body);
      if (fault) return { ...fault, index: fault.index + start };
    }
    this.carry = cut < chunk.length ? chunk.slice(cut) : EMPTY;
    return null;
  }

  /** The fault of a stream that ends inside a character (index relative to the end), or null. */
  end(): Utf8Fault | null {
    if (this.carry.length === 0) return null;
    const fault = { index: -this.carry.length, byte: this.carry[0].toString(16).toUpperCase().padStart(2, '0') };
    this.carry = EMPTY;
    return fault;
  }
}
