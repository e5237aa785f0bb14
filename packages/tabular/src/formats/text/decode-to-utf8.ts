import { csvNotText, invalidUtf16, textNotUtf8, type TextEncodingName } from '@tabula/contracts';
import { Utf8Checker } from './utf8-checker.js';

export interface DecodeToUtf8Options {
  encoding: TextEncodingName;
  /** Bytes of a byte order mark at the start, dropped (0 when there is none). */
  bomBytes?: number;
  /** Whether csv_options named the encoding: the error then says so. */
  isForced?: boolean;
}

/**
 * Windows-1252 differs from Latin-1 only in 0x80–0x9F, where it has printable characters (€, curly
 * quotes, dashes). Node's TextDecoder('windows-1252') decodes those as C1 controls, as Latin-1 does,
 * so the 27 characters are mapped here; 0x81, 0x8D, 0x8F, 0x90 and 0x9D stay as they are, as in WHATWG.
 */
const WINDOWS_1252_HIGH = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8DŽ\x8F\x90‘’“”•–—˜™š›œ\x9DžŸ';
const C1_RANGE = /[\x80-\x9f]/g;

const countLineEnds = (bytes: Uint8Array, end = bytes.length): number => {
  let count = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < end; i = bytes.indexOf(0x0a, i + 1)) count++;
  return count;
};

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * A text byte stream as UTF-8 bytes, chunk by chunk (memory: one chunk and at most 3 carried bytes).
 * UTF-8 passes through untouched once checked (a BOM dropped), so the common case costs one isUtf8
 * and one NUL search per chunk; UTF-16 goes through a streaming TextDecoder, which keeps a code unit
 * or a surrogate pair cut across chunks; Latin-1 and Windows-1252 map byte by byte. Throws
 * UNSUPPORTED_ENCODING for bytes the encoding does not allow, naming the byte offset and line, and
 * INVALID_CSV for NUL characters (binary data).
 */
export async function* decodeToUtf8(source: AsyncIterable<Uint8Array>, { encoding, bomBytes = 0, isForced = false }: DecodeToUtf8Options): AsyncGenerator<Uint8Array> {
  let toSkip = bomBytes;
  /** Bytes of the source before the current chunk, and line ends of the text before it. */
  let offset = 0;
  let lines = 0;
  const transcode = transcoderFor(encoding);
  const utf8 = encoding === 'utf-8' ? new Utf8Checker() : null;
  for await (const chunk of source) {
    let bytes = chunk;
    if (toSkip > 0) {
      const skipped = Math.min(toSkip, bytes.length);
      bytes = bytes.subarray(skipped);
      toSkip -= skipped;
      offset += skipped;
    }
    if (bytes.length === 0) continue;
    let text: Uint8Array;
    if (utf8) {
      if (bytes.includes(0)) throw csvNotText('it contains NUL bytes');
      const fault = utf8.check(bytes);
      if (fault) {
        // A fault in the bytes carried from the last chunk lies after that chunk's last line end.
        const line = lines + (fault.index < 0 ? 0 : countLineEnds(bytes, fault.index)) + 1;
        throw textNotUtf8({ offset: offset + fault.index, line }, fault.byte, isForced);
      }
      text = bytes;
    } else {
      text = transcode(bytes, offset, false);
      if (text.includes(0)) throw csvNotText('it contains NUL characters');
    }
    offset += bytes.length;
    lines += countLineEnds(text);
    if (text.length > 0) yield text;
  }
  const fault = utf8?.end();
  if (fault) throw textNotUtf8({ offset: offset + fault.index, line: lines + 1 }, fault.byte, isForced);
  const rest = utf8 ? null : transcode(new Uint8Array(0), offset, true);
  if (rest && rest.length > 0) yield rest;
}

type Transcode = (bytes: Uint8Array, offset: number, isLast: boolean) => Uint8Array;

function transcoderFor(encoding: TextEncodingName): Transcode {
  if (encoding === 'utf-16le' || encoding === 'utf-16be') {
    const decoder = new TextDecoder(encoding, { fatal: true });
    return (bytes, offset, isLast) => {
      try {
        return Buffer.from(isLast ? decoder.decode() : decoder.decode(bytes, { stream: true }), 'utf8');
      } catch {
        const reason = isLast ? 'it ends with half a character (an odd number of bytes, or a lone surrogate)' : `an unpaired surrogate between bytes ${offset} and ${offset + bytes.length}`;
        throw invalidUtf16(encoding, reason);
      }
    };
  }
  if (encoding === 'latin1') return (bytes) => Buffer.from(asBuffer(bytes).toString('latin1'), 'utf8');
  if (encoding === 'windows-1252') {
    return (bytes) => Buffer.from(asBuffer(bytes).toString('latin1').replace(C1_RANGE, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80]), 'utf8');
  }
  return (bytes) => bytes;
}
