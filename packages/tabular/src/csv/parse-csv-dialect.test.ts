import { Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CSV_DIALECT, TabulaError, type CsvDialect } from '@tabula/contracts';
import { parseCsv, parseCsvBytes, type CsvOptions } from './parse-csv.js';
import { readCsvBatches } from './read-csv-batches.js';
import { splitCsvBlocks } from './split-csv-blocks.js';
import { catchError } from '../test-fixtures/catch-error.js';

const dialect = (parts: Partial<CsvDialect>): CsvDialect => ({ ...DEFAULT_CSV_DIALECT, ...parts });

/** Both readers, which must agree: the frame of bytes in memory and of a stream. */
async function readBoth(text: string, options: CsvOptions) {
  const whole = parseCsvBytes(Buffer.from(text), options);
  const { bytes: _bytes, sha256: _sha, ...streamed } = await parseCsv(text, options);
  expect(streamed).toEqual(whole);
  return whole;
}

describe('parseCsv with a dialect', () => {
  it('should read a ";" file with decimal commas, the numbers as text with a point and as numbers', async () => {
    const text = 'name;price;note\n"Smith; J";1,5;a,b\nx;-2,25e1;"3,5"\nNA;;\n';
    const options = { dialect: dialect({ delimiter: ';', decimal: ',' }) };
    expect((await readBoth(text, options)).values).toEqual([
      ['Smith; J', 'x', null],
      ['1.5', '-2.25e1', null],
      ['a,b', '3.5', null],
    ]);
    expect((await readBoth(text, { ...options, columnKind: (name) => (name === 'name' ? 'text' : 'number') })).values).toEqual([
      ['Smith; J', 'x', null],
      [1.5, -22.5, null],
      ['a,b', 3.5, null],
    ]);
  });

  it.each([
    ['tab', '\t'],
    ['pipe', '|'],
  ])('should read a %s-separated file, commas being data', async (_, delimiter) => {
    const text = ['a', 'b'].join(delimiter) + '\n' + ['1,5', '"x' + delimiter + 'y"'].join(delimiter) + '\n';
    expect((await readBoth(text, { dialect: dialect({ delimiter }) })).values).toEqual([['1,5'], [`x${delimiter}y`]]);
  });

  it('should read quotes as data when the dialect has none, and follow another quote character', async () => {
    expect((await readBoth('a,b\n"x,y"\n', { dialect: dialect({ quote: null }) })).values).toEqual([['"x'], ['y"']]);
    expect((await readBoth("a,b\n'x,''y''',\"z\"\n", { dialect: dialect({ quote: "'" }) })).values).toEqual([["x,'y'"], ['"z"']]);
  });

  it('should read the given missing tokens instead of the default ones, numbers among them, the empty cell always missing', async () => {
    const options: CsvOptions = { dialect: dialect({ naValues: ['-', '-999'] }) };
    const text = 'a,b\nNA,-\n-999,\n1,2\n';
    expect((await readBoth(text, options)).values).toEqual([
      ['NA', null, '1'],
      [null, null, '2'],
    ]);
    expect((await readBoth(text, { ...options, columnKind: () => 'number' })).values).toEqual([
      ['NA', null, 1],
      [null, null, 2],
    ]);
  });

  it('should name the line of a ragged row in a ";" file', () => {
    const error = catchError(() => parseCsvBytes(Buffer.from('a;b\n1;2\n3,4\n'), { dialect: dialect({ delimiter: ';' }) }));
    expect(error).toBeInstanceOf(TabulaError);
    expect((error as TabulaError).message).toBe('Line 3 has 1 cells but the header has 2 columns.');
  });
});

describe('blocks and batches with a dialect', () => {
  // One chunk a record: the splitter cuts a block at the last record end of a chunk.
  const chunks = () => Readable.from(['a;b\n', '"x\n;y";1,5\n', 'z;2\n'].map((text) => Buffer.from(text)));

  it('should cut blocks at record ends outside the dialect quotes and carry the dialect to the block', async () => {
    const semicolon = dialect({ delimiter: ';', decimal: ',' });
    const blocks = [];
    for await (const block of splitCsvBlocks(chunks(), 1, { maxColumns: 2 }, semicolon)) blocks.push(block);
    expect(blocks.map((block) => [Buffer.from(block.body).toString(), block.firstRow, block.firstLine, block.dialect])).toEqual([
      ['"x\n;y";1,5\n', 1, 2, semicolon],
      ['z;2\n', 2, 4, semicolon],
    ]);
    const frames = [];
    for await (const frame of readCsvBatches(chunks(), { targetBytes: 1, dialect: semicolon, columnKind: () => 'infer' })) frames.push(frame);
    expect(frames.map((frame) => [frame.firstRow, frame.values])).toEqual([
      [1, [['x\n;y'], [1.5]]],
      [2, [['z'], [2]]],
    ]);
  });
});
