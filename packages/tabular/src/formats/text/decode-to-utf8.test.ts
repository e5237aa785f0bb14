import { describe, expect, it } from '@jest/globals';
import { TabulaError, type TextEncodingName } from '@tabula/contracts';
import { rejectionOf } from '../../test-fixtures/catch-error.js';
import { decodeToUtf8 } from './decode-to-utf8.js';

/** The bytes cut at the given offsets, as an upload's chunks. */
async function* cutAt(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    yield bytes.subarray(from, cut);
    from = cut;
  }
}

async function decode(chunks: AsyncIterable<Uint8Array>, encoding: TextEncodingName, bomBytes = 0): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const part of decodeToUtf8(chunks, { encoding, bomBytes })) parts.push(part);
  return Buffer.concat(parts).toString('utf8');
}

const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();
/** A header and a row with 2-, 3- and 4-byte characters (a surrogate pair in UTF-16). */
const TEXT = 'name;price\r\nCafé € 😀;1,5\r\n';

describe('decodeToUtf8', () => {
  describe.each<[TextEncodingName, Buffer, number]>([
    ['utf-8', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]), 3],
    ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]), 2],
    ['utf-16be', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(TEXT)]), 2],
  ])('(%s with its byte order mark)', (encoding, bytes, bomBytes) => {
    it('should give the same UTF-8 text, without the BOM, with the stream cut at every byte', async () => {
      for (let cut = 0; cut <= bytes.length; cut++) expect([cut, await decode(cutAt(bytes, [cut]), encoding, bomBytes)]).toEqual([cut, TEXT]);
    });

    it('should give it from one-byte chunks too', async () => {
      expect(await decode(cutAt(bytes, Array.from({ length: bytes.length }, (_, i) => i)), encoding, bomBytes)).toBe(TEXT);
    });
  });

  it('should pass UTF-8 through as the very chunks it was given', async () => {
    const chunk = Buffer.from('a,b\n1,2\n');
    const out: Uint8Array[] = [];
    for await (const part of decodeToUtf8(cutAt(chunk, []), { encoding: 'utf-8' })) out.push(part);
    expect(out).toEqual([chunk]);
    expect(out[0].buffer).toBe(chunk.buffer);
  });

  it('should read Latin-1 byte by byte, and Windows-1252 with its characters in 0x80–0x9F', async () => {
    const bytes = Buffer.from([0x5a, 0xfc, 0x72, 0x69, 0x63, 0x68, 0x3b, 0x80, 0x93, 0x94, 0x9f, 0x81, 0x0a]);
    expect(await decode(cutAt(bytes, [2, 8]), 'latin1')).toBe('Zürich;\x80\x93\x94\x9f\x81\n');
    expect(await decode(cutAt(bytes, [2, 8]), 'windows-1252')).toBe('Zürich;€“”Ÿ\x81\n');
  });

  it('should name the byte offset and line of the first byte that is not UTF-8, in a later chunk', async () => {
    const bytes = Buffer.concat([Buffer.from('city,n\nBern,1\n'), Buffer.from('Z\xfcrich,2\n', 'latin1')]);
    const error = (await rejectionOf(decode(cutAt(bytes, [5, 15]), 'utf-8'))) as TabulaError;
    expect(error).toMatchObject({ code: 'UNSUPPORTED_ENCODING', status: 415 });
    expect(error.message).toBe('The file is not UTF-8 text: byte 0xFC at byte 15 (line 3) is not valid UTF-8.');
    expect(error.hint).toContain(`-F 'csv_options={"encoding":"windows-1252"}'`);
  });

  it('should give the line of a bad byte carried over from the chunk before', async () => {
    const bytes = Buffer.from('a\nb\n\xe2\x82A\n', 'latin1');
    for (const cut of [5, 6]) {
      const error = (await rejectionOf(decode(cutAt(bytes, [cut]), 'utf-8'))) as TabulaError;
      expect([cut, error.message]).toEqual([cut, 'The file is not UTF-8 text: byte 0xE2 at byte 4 (line 3) is not valid UTF-8.']);
    }
  });

  it('should count the byte order mark in the offset of a bad byte', async () => {
    const bytes = Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0x0a, 0xff]);
    const error = (await rejectionOf(decode(cutAt(bytes, [1, 4]), 'utf-8', 3))) as TabulaError;
    expect(error.message).toContain('byte 0xFF at byte 5 (line 2)');
  });

  it('should refuse a UTF-8 file that ends inside a character', async () => {
    const error = (await rejectionOf(decode(cutAt(Buffer.from('a\n\xe2\x82', 'latin1'), [3]), 'utf-8'))) as TabulaError;
    expect(error).toMatchObject({ code: 'UNSUPPORTED_ENCODING' });
    expect(error.message).toContain('byte 0xE2 at byte 2 (line 2)');
  });

  it('should refuse UTF-16 with a lone surrogate or an odd byte at the end', async () => {
    const lone = Buffer.concat([Buffer.from('a\n', 'utf16le'), Buffer.from([0x00, 0xdc]), Buffer.from('b\n', 'utf16le')]);
    expect(await rejectionOf(decode(cutAt(lone, [4]), 'utf-16le'))).toMatchObject({ code: 'UNSUPPORTED_ENCODING', message: expect.stringContaining('UTF-16LE') });
    const odd = Buffer.concat([Buffer.from('a\n', 'utf16le'), Buffer.from([0x61])]);
    expect(await rejectionOf(decode(cutAt(odd, []), 'utf-16le'))).toMatchObject({ message: expect.stringContaining('ends with half a character') });
  });

  it('should refuse NUL bytes as the CSV reader does, and NUL characters of UTF-16 or Latin-1 alike', async () => {
    const cases: Array<[Buffer, TextEncodingName]> = [
      [Buffer.from('a\n\0\n'), 'utf-8'],
      [Buffer.from('a\n\0\n', 'utf16le'), 'utf-16le'],
      [Buffer.from('a\n\0\n', 'latin1'), 'latin1'],
    ];
    for (const [bytes, encoding] of cases) {
      expect(await rejectionOf(decode(cutAt(bytes, []), encoding))).toMatchObject({ code: 'INVALID_CSV', message: expect.stringContaining('does not look like a CSV text file') });
    }
  });
});
