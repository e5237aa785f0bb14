import { describe, expect, it } from '@jest/globals';
import { Utf8Checker, findInvalidUtf8 } from './utf8-checker.js';

/** The naive twin: the index where a fatal TextDecoder first fails on a growing prefix, or null. */
function naiveFirstInvalid(bytes: Uint8Array): number | null {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    decoder.decode(bytes);
    return null;
  } catch {
    // The shortest prefix that fails on its own (as the end of input) or leaves an invalid sequence.
    let valid = 0;
    for (let end = 1; end <= bytes.length; end++) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
        valid = end;
      } catch {
        // A prefix cut inside a valid character fails too; only a later valid prefix moves `valid` on.
      }
    }
    return valid;
  }
}

function randomBytes(seed: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let state = seed;
  for (let i = 0; i < n; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    const r = state >>> 24;
    // Mostly ASCII, with lead and continuation bytes of every kind mixed in.
    out[i] = r < 150 ? 0x41 + (r % 26) : r;
  }
  return out;
}

const MULTI_BYTE = 'aé€😀z'; // 1, 2, 3 and 4 bytes

describe('findInvalidUtf8', () => {
  it('should find nothing in valid text of 1- to 4-byte characters', () => {
    expect(findInvalidUtf8(Buffer.from(MULTI_BYTE.repeat(3)))).toBeNull();
  });

  it.each([
    ['a lone Latin-1 byte', [0x61, 0xe9, 0x72], 1, 'E9'],
    ['a stray continuation byte', [0x61, 0x80], 1, '80'],
    ['an overlong 2-byte form', [0xc0, 0xaf], 0, 'C0'],
    ['an encoded surrogate', [0x61, 0xed, 0xa0, 0x80], 1, 'ED'],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0, 'F4'],
    ['a character cut by the end', [0x61, 0xe2, 0x82], 1, 'E2'],
  ])('should point at %s', (_name, bytes, index, byte) => {
    expect(findInvalidUtf8(Uint8Array.from(bytes))).toEqual({ index, byte });
  });

  it('should agree with a fatal TextDecoder on random bytes', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const bytes = randomBytes(seed, 40);
      expect([seed, findInvalidUtf8(bytes)?.index ?? null]).toEqual([seed, naiveFirstInvalid(bytes)]);
    }
  });
});

describe('Utf8Checker', () => {
  const text = Buffer.from(`${MULTI_BYTE}\n`.repeat(4));

  it('should pass valid text cut at every byte, into two chunks and into one-byte chunks', () => {
    for (let cut = 0; cut <= text.length; cut++) {
      const checker = new Utf8Checker();
      expect([cut, checker.check(text.subarray(0, cut)), checker.check(text.subarray(cut)), checker.end()]).toEqual([cut, null, null, null]);
    }
    const checker = new Utf8Checker();
    for (const byte of text) expect(checker.check(Uint8Array.of(byte))).toBeNull();
    expect(checker.end()).toBeNull();
  });

  it('should find a bad byte wherever the chunks are cut, at its index in the chunk that holds it', () => {
    const bad = Buffer.concat([text, Buffer.from([0xe2, 0x82, 0x41]), text]); // a 3-byte lead cut short by an "A"
    const at = text.length;
    for (let cut = 1; cut < bad.length; cut++) {
      const checker = new Utf8Checker();
      const first = checker.check(bad.subarray(0, cut));
      const fault = first ?? checker.check(bad.subarray(cut));
      const offset = first ? fault!.index : cut + fault!.index;
      expect([cut, offset, fault?.byte]).toEqual([cut, at, 'E2']);
    }
  });

  it('should report a stream that ends inside a character', () => {
    const checker = new Utf8Checker();
    expect(checker.check(Buffer.from('ab\xf0\x9f', 'latin1'))).toBeNull();
    expect(checker.end()).toEqual({ index: -2, byte: 'F0' });
  });
});
