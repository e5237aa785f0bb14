import { Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { parse as parseSync } from 'csv-parse/sync';
import { normalizeCell, parseNumber, type RawValue } from './cell-value.js';
import { parseCsv, parseCsvBytes } from './parse-csv.js';
import type { Frame } from '../frame.js';

/** A small deterministic PRNG (mulberry32), so a failing case can be made again from its seed. */
function randomOf(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLAIN = ['x', 'Smith', 'Zürich', '\u00a0nbsp\u00a0', 'é', '\u2003', '\vv', 'a b', '007', '1.0', '1', '-0.5', '1e3', '.5', '5.', '+2', '1E-5', '-0', '0x1f', 'Infinity', '123456789012345678', '0.1000000000000000055511151231257827', '1e400', '9.999999999999999e22'];
const MISSING = ['', 'NA', 'N/A', 'NaN', 'null', 'None'];
const QUOTED = ['Smith, J', 'said "hi"', 'two\nlines', ' padded ', '3.5', '', 'NA'];

/** A random CSV of the kinds of text uploads hold: quotes, escaped quotes, CRLF, blank lines, spaces, missing tokens, numbers in every notation. */
function randomCsv(seed: number): string {
  const random = randomOf(seed);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const eol = random() < 0.3 ? '\r\n' : '\n';
  const nColumns = 1 + Math.floor(random() * 4);
  const nRows = 1 + Math.floor(random() * 8);
  const space = () => (random() < 0.15 ? pick([' ', '  ', '\t']) : '');
  const cell = () => {
    const roll = random();
    if (roll < 0.5) return space() + pick(PLAIN) + space();
    if (roll < 0.7) return space() + pick(MISSING) + space();
    return `${space()}"${pick(QUOTED).replaceAll('\n', eol).replaceAll('"', '""')}"${space()}`;
  };
  const lines = [Array.from({ length: nColumns }, (_, col) => (random() < 0.2 ? `"c${col}"` : ` c${col}`)).join(',')];
  for (let row = 0; row < nRows; row++) {
    if (random() < 0.15) lines.push(pick(['', '   ', ' \t ']));
    // A row of one empty cell would be a blank line: give one-column rows content.
    lines.push(Array.from({ length: nColumns }, () => cell()).join(',') || 'x');
  }
  return lines.join(eol) + (random() < 0.7 ? eol : '');
}

/** The frame csv-parse gave (with the options Tabula used since its first version), or null when it has no data rows. */
function csvParseFrame(text: string): Frame | null {
  const records = parseSync(text, { skip_empty_lines: true, ltrim: true, rtrim: true }) as string[][];
  const [header, ...rows] = records;
  if (rows.length === 0) return null;
  return { columns: header.map((name) => name.trim()), nRows: rows.length, values: header.map((_, col) => rows.map((row) => normalizeCell(row[col]))) };
}

/** What an 'infer' column holds: numbers when every present cell is one, else the text. */
function inferred(values: RawValue[][]): RawValue[][] {
  return values.map((column) => (column.every((cell) => cell === null || parseNumber(cell) !== null) ? column.map((cell) => (cell === null ? null : parseNumber(cell))) : column));
}

/** The bytes as a stream cut at the given offsets. */
function streamOf(bytes: Buffer, cuts: number[]): Readable {
  const bounds = [0, ...cuts, bytes.length];
  return Readable.from(bounds.slice(1).map((end, idx) => bytes.subarray(bounds[idx], end)));
}

describe('the CSV record reader', () => {
  it.each(Array.from({ length: 300 }, (_, seed) => seed))('should read random CSV %i into the frame csv-parse gives, whole and streamed', async (seed) => {
    const text = randomCsv(seed);
    const expected = csvParseFrame(text);
    if (expected === null) return;
    const bytes = Buffer.from(text);
    expect(parseCsvBytes(bytes)).toEqual(expected);
    const random = randomOf(seed + 1000);
    const cuts = [...new Set(Array.from({ length: 3 }, () => Math.floor(random() * bytes.length)))].sort((a, b) => a - b);
    const { bytes: _bytes, sha256: _sha, ...streamed } = await parseCsv(streamOf(bytes, cuts));
    expect(streamed).toEqual(expected);
    expect(parseCsvBytes(bytes, { columnKind: () => 'infer' })).toEqual({ ...expected, values: inferred(expected.values) });
  });

  it('should read a file cut at every byte as it reads it whole', async () => {
    const text = '\ufeff"id", score ,note\r\n007,1.5,"a, b"\r\n\r\n  8 ,-2e3,"say ""hi""\r\nthere"\r\nNA,,x\r\n9,.25,"Zürich"';
    const bytes = Buffer.from(text);
    for (const columnKind of [undefined, () => 'number' as const]) {
      const whole = parseCsvBytes(bytes, { columnKind });
      for (let cut = 0; cut <= bytes.length; cut++) {
        const { bytes: size, sha256: _sha, ...streamed } = await parseCsv(streamOf(bytes, [cut]), { columnKind });
        expect({ cut, ...streamed }).toEqual({ cut, ...whole });
        expect(size).toBe(bytes.length);
      }
    }
    expect(parseCsvBytes(bytes, { columnKind: () => 'number' }).values).toEqual([
      [7, 8, null, 9],
      [1.5, -2000, null, 0.25],
      ['a, b', 'say "hi"\r\nthere', 'x', 'Zürich'],
    ]);
  });
});

describe('column kinds', () => {
  const text = 'id,x,label\n007,1.0,1\n8,1,1.0\nNA, 2 ,x\n';

  it("should keep 'text' cells as the strings they were", () => {
    expect(parseCsvBytes(Buffer.from(text)).values).toEqual([
      ['007', '8', null],
      ['1.0', '1', '2'],
      ['1', '1.0', 'x'],
    ]);
  });

  it("should read 'infer' columns as numbers only while every cell is one, reading a column again as text at its first other cell", () => {
    expect(parseCsvBytes(Buffer.from(text), { columnKind: () => 'infer' }).values).toEqual([
      [7, 8, null],
      [1, 1, 2],
      ['1', '1.0', 'x'],
    ]);
  });

  it("should read 'number' columns as numbers and keep any other cell's text, for the consumer to name it", () => {
    const values = parseCsvBytes(Buffer.from('a,b\n1e400,x\n"2.5", 3 \n'), { columnKind: (name) => (name === 'a' ? 'number' : 'text') }).values;
    expect(values).toEqual([
      ['1e400', 2.5],
      ['x', '3'],
    ]);
  });

  it('should read every number as Number() reads its text', () => {
    const random = randomOf(7);
    const cells = Array.from({ length: 2000 }, () => {
      const digits = Array.from({ length: 1 + Math.floor(random() * 20) }, () => Math.floor(random() * 10)).join('');
      const point = Math.floor(random() * (digits.length + 1));
      const exponent = random() < 0.3 ? `e${random() < 0.5 ? '-' : '+'}${Math.floor(random() * 40)}` : '';
      return `${random() < 0.5 ? '-' : ''}${digits.slice(0, point)}.${digits.slice(point)}${exponent}`;
    });
    const values = parseCsvBytes(Buffer.from(`x\n${cells.join('\n')}\n`), { columnKind: () => 'number' }).values[0];
    expect(values).toEqual(cells.map((cell) => parseNumber(cell) ?? cell));
  });
});
