import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TabulaError } from '@tabula/contracts';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { parseNumber } from '../csv/cell-value.js';
import { parseCsvFile } from '../csv/parse-csv.js';
import { fixturePath } from '../test-fixtures/fixture-path.js';
import { rejectionOf } from '../test-fixtures/catch-error.js';
import { readTableFile } from './read-table-file.js';

const FORMAT_LIMITS = { maxDecompressedBytes: 64 * 1024 * 1024, maxJsonArrayBytes: 16 * 1024 * 1024 };
let dir: string;
let csvText: string;
let records: Array<Record<string, string | number>>;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const read = (name: string, forced?: 'csv' | 'json' | 'ndjson' | 'parquet') => readTableFile(join(dir, name), { formatLimits: FORMAT_LIMITS, forced });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tabula-table-file-'));
  csvText = await readFile(fixturePath('iris.csv'), 'utf8');
  const [header, ...lines] = csvText.trim().split('\n');
  const names = header.split(',');
  records = lines.map((line) => Object.fromEntries(line.split(',').map((cell, idx) => [names[idx], parseNumber(cell) ?? cell])));
  await writeFile(join(dir, 'iris.csv'), csvText);
  await writeFile(join(dir, 'iris.csv.gz'), gzipSync(csvText));
  await writeFile(join(dir, 'iris.json'), JSON.stringify(records));
  await writeFile(join(dir, 'iris.ndjson'), records.map((record) => JSON.stringify(record)).join('\n'));
  const columnData = names.map((name) => ({ name, data: records.map((record) => record[name]), type: typeof records[0][name] === 'number' ? ('DOUBLE' as const) : ('STRING' as const) }));
  await writeFile(join(dir, 'iris.parquet'), new Uint8Array(parquetWriteBuffer({ columnData, rowGroupSize: 64 })));
  await writeFile(join(dir, 'named.csv'), Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64, 1)]));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readTableFile(path, options)', () => {
  it('should read a plain CSV to the very frame parseCsvFile gives, with the digest of the file', async () => {
    const table = await read('iris.csv');
    const { bytes, sha256: digest, ...frame } = await parseCsvFile(join(dir, 'iris.csv'));
    expect(table.frame).toEqual(frame);
    expect({ bytes: table.bytes, sha256: table.sha256 }).toEqual({ bytes, sha256: digest });
    expect(table.format).toEqual({ type: 'csv', compression: 'none', dialect: { delimiter: ',', quote: '"', decimal: '.', encoding: 'utf-8', naValues: null } });
  });

  it('should read gzip, a JSON array, NDJSON and Parquet to the same table, whatever the file is named', async () => {
    const csv = (await read('iris.csv')).frame;
    const asNumbers = (values: unknown[][]) => values.map((column) => column.map((cell) => parseNumber(cell as string) ?? cell));
    for (const [name, type, compression] of [['iris.csv.gz', 'csv', 'gzip'], ['iris.json', 'json', 'none'], ['iris.ndjson', 'ndjson', 'none'], ['iris.parquet', 'parquet', 'none']]) {
      const table = await read(name);
      expect([name, table.format.type, table.format.compression]).toEqual([name, type, compression]);
      expect(table.frame.columns).toEqual(csv.columns);
      expect(table.frame.nRows).toBe(csv.nRows);
      expect(asNumbers(table.frame.values)).toEqual(asNumbers(csv.values));
      const file = await readFile(join(dir, name));
      expect({ bytes: table.bytes, sha256: table.sha256 }).toEqual({ bytes: file.length, sha256: sha256(file) });
    }
  });

  it('should sniff the content, not the name: a .csv that is a zip archive gets a 415', async () => {
    expect(await rejectionOf(read('named.csv'))).toMatchObject({ status: 415, message: expect.stringContaining('zip archive') });
  });

  it('should answer garbage behind each magic number with a 4xx TabulaError, never another error', async () => {
    const magics = [[0x1f, 0x8b], [0x1f, 0x8b, 0x08, 0x00], [0x28, 0xb5, 0x2f, 0xfd], [0x50, 0x41, 0x52, 0x31], Array.from(Buffer.from('[{')), Array.from(Buffer.from('{"'))];
    let seed = 20261203;
    const nextByte = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256;
    for (const [magicIdx, magic] of magics.entries()) {
      for (let run = 0; run < 25; run++) {
        const tail = Array.from({ length: 8 + run * 13 }, nextByte);
        // Half the Parquet runs end in PAR1 too, so that the footer parser is reached.
        const bytes = Uint8Array.from(magicIdx === 3 && run % 2 === 0 ? [...magic, ...tail, ...magic] : [...magic, ...tail]);
        await writeFile(join(dir, 'garbage'), bytes);
        const outcome = await read('garbage').then(
          () => 'read',
          (error: unknown) => (error instanceof TabulaError && error.status >= 400 && error.status < 500 ? 'refused' : error),
        );
        expect([magic, run, outcome]).toEqual([magic, run, expect.stringMatching(/^(read|refused)$/)]);
      }
    }
  });

  it('should read the file as input_format says', async () => {
    const error = await rejectionOf(read('iris.csv', 'ndjson'));
    expect(error).toMatchObject({ status: 400, message: expect.stringContaining('NDJSON line 1 is not valid JSON') });
  });
});
