import { gzipSync } from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { rejectionOf } from '../test-fixtures/catch-error.js';
import { decompressBytes } from './decompress-bytes.js';

const TEXT = 'a,b\n' + Array.from({ length: 20_000 }, (_, idx) => `${idx},${idx % 7}\n`).join('');
const MB = 1024 * 1024;

async function* chunksOf(bytes: Uint8Array, size = 997): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function unpack(bytes: Uint8Array, compression: 'gzip' | 'zstd', maxBytes = 64 * MB): Promise<string> {
  const out: Uint8Array[] = [];
  for await (const chunk of decompressBytes(chunksOf(bytes), compression, { maxBytes })) out.push(chunk);
  return Buffer.concat(out).toString('utf8');
}

/** SMALL_TEXT as the zstd command line tool (-19) wrote it: Node 20's zlib has no zstd encoder to make it here. */
const SMALL_TEXT = 'a,b\n' + Array.from({ length: 300 }, (_, idx) => `${idx},${idx % 7}\n`).join('');
const SMALL_ZSTD = Buffer.from(
    'KLUv/QRopRcA6mm8Cw+wJekcVrQRsvfeEsNMmXW2ALUAtwBzNA6bcU3GtI5nHMvCuAvE3BCHCXGtxDQSz0YsE3FXMUdxWBDXgpo2' +
    '6pmoZVV3VHNTh0lda01jPQu1LKC7QXOCDiu6RjRt6JnQstIdaS7QYcFcGzNNzLOaZTR3M3Myh3WucaaFeRbIsiF3QuZKDiO5NjJN' +
    '5FllGeUuyFzQw0aviU6rPqMum95J59rD2Guh0wI+G1wmeFecIx42vCacVj4jlwXeBXPjMHGtptGzWSZ3neNh4cAAAc8GcZkg3hVx' +
    'joiHDfGaEKeV+IzEZYF4FwznxvAwMbxWw2k0fDbDZTK863COw8PC8FognDaEz4RwWQnvSDg3wsNEeK3CaRQ+C8JlQXk3yjlRHlbl' +
    'NSqnTflMymUt71jOhfKwgLw2yGmCfFbkMiLvhpwT8rCS10hOC+SzIHDZCLwTgXMVeBgFXpvAaRL4rIHLGHgXAueC4LARXBPBtAqe' +
    'UbBsgjsJ5hocxuBaCKYF49kYy8S4qxEL2mejXSbau2rnqD1s2mvSTmv7jO2y0N4F7NxgDxPstWKnEfts2GXC3pWdI3tYYK8FodNG' +
    '6DMRuqxC7yh0bkIPk9BrDZ3G0GchdFkQ8G4EnBMBD6uA1yjgtAn4TAIua8A7BpwLAQ8LBq+NwWli8FkNLqPBuxmck8HDOniNg9PC' +
    '4LNAcNkQvBOCcyV4GAleG8FpIvisgssoeBcE54LiYaN4TRSnVfEZFZdN8U6Kcy0exuK1UJwWEAPTgqDPRtBlIuhdBZ2joIdN0GsS' +
    'dFqDPmPQZSHoXTA6N0YPE6PXanQajT6b0WUyetfROY4eFkavBaLThugzIbqsRO9IdG5EDxPRaxWdRtFnQXRZUL0b1TlRPayq16g6' +
    'barPpLqs1TtW50L1sIB6bVCnCeqzoi4j6t1Q54R6WKnXSJ0WqM+C6bIxvRPTuZoeRtNrM50m02edLuP0LkznAulhQ3pNSKeV9BlJ' +
    'l430TqRzlR5G6bUgnQIAp15XFg==',
  'base64',
);

describe('decompressBytes(source, compression, {maxBytes})', () => {
  it('should unpack gzip as it streams, several members too', async () => {
    expect(await unpack(gzipSync(TEXT), 'gzip')).toBe(TEXT);
    const twoMembers = Buffer.concat([gzipSync(TEXT.slice(0, 1000)), gzipSync(TEXT.slice(1000))]);
    expect(await unpack(twoMembers, 'gzip')).toBe(TEXT);
  });

  it('should say that a gzip stream cut short ends early, and after how many bytes', async () => {
    const whole = gzipSync(TEXT);
    const cut = whole.subarray(0, Math.floor(whole.length / 2));
    const error = await rejectionOf(unpack(cut, 'gzip'));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', status: 400, message: `The gzip stream ends early (after ${cut.length} compressed bytes): the file was cut short.` });
  });

  it('should refuse damaged gzip bytes with a 400', async () => {
    const damaged = Buffer.from(gzipSync(TEXT));
    damaged.fill(0xff, 20, 60);
    expect(await rejectionOf(unpack(damaged, 'gzip'))).toMatchObject({ status: 400, message: expect.stringContaining('gzip stream is damaged') });
  });

  it('should stop a zip bomb at maxBytes with a 413 naming MAX_DECOMPRESSED_MB', async () => {
    const bomb = gzipSync(Buffer.alloc(8 * MB, 0x30));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const error = await rejectionOf(unpack(bomb, 'gzip', MB));
    expect(error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413, message: expect.stringContaining('MAX_DECOMPRESSED_MB') });
  });

  it('should unpack zstd (fzstd) and say when its stream ends early', async () => {
    expect(await unpack(SMALL_ZSTD, 'zstd')).toBe(SMALL_TEXT);
    const cut = SMALL_ZSTD.subarray(0, SMALL_ZSTD.length - 10);
    expect(await rejectionOf(unpack(cut, 'zstd'))).toMatchObject({ status: 400, message: expect.stringContaining('zstd stream ends early') });
  });

  it('should pass plain bytes through untouched', async () => {
    const source = chunksOf(Buffer.from(TEXT));
    expect(decompressBytes(source, 'none', { maxBytes: 1 })).toBe(source);
  });
});
