import { describe, expect, it } from '@jest/globals';
import type { Frame } from '../frame.js';
import { rejectionOf } from '../test-fixtures/catch-error.js';
import { readJsonArrayFrame, readNdjsonFrames } from './read-json-table.js';

async function* chunksOf(text: string, size = 5): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function framesOf(text: string, batchRows = 2, limits = {}): Promise<Frame[]> {
  const frames: Frame[] = [];
  for await (const frame of readNdjsonFrames(chunksOf(text), { batchRows, ...limits })) frames.push(frame);
  return frames;
}

describe('readJsonArrayFrame(source, options)', () => {
  it('should read an array of records as frameFromRecords does: union of keys, CSV missing tokens, trimmed strings', async () => {
    const frame = await readJsonArrayFrame(chunksOf('\ufeff[{"a": 1, "b": " x "}, {"a": 2.5, "b": "NA", "c": true}]'), { maxBytes: 1024 });
    expect(frame).toEqual({ columns: ['a', 'b', 'c'], nRows: 2, values: [[1, 2.5], ['x', null], [null, true]] });
  });

  it('should refuse what is not an array of flat objects, naming the record', async () => {
    expect(await rejectionOf(readJsonArrayFrame(chunksOf('{"a": 1}'), { maxBytes: 1024 }))).toMatchObject({ status: 400, message: expect.stringContaining('not an array') });
    expect(await rejectionOf(readJsonArrayFrame(chunksOf('[{"a": 1}, 7]'), { maxBytes: 1024 }))).toMatchObject({ message: 'Record 2 is a number, not an object.' });
    expect(await rejectionOf(readJsonArrayFrame(chunksOf('[{"a": [1]}]'), { maxBytes: 1024 }))).toMatchObject({ message: expect.stringContaining('Record 1, field "a", holds an array') });
    expect(await rejectionOf(readJsonArrayFrame(chunksOf('[{"a": 1},'), { maxBytes: 1024 }))).toMatchObject({ status: 400, message: expect.stringContaining('could not be parsed') });
  });

  it('should refuse an array past maxBytes with a 413 naming MAX_JSON_ARRAY_MB and NDJSON', async () => {
    const error = await rejectionOf(readJsonArrayFrame(chunksOf(JSON.stringify(Array.from({ length: 100 }, () => ({ a: 1 })))), { maxBytes: 64 }));
    expect(error).toMatchObject({ status: 413, message: expect.stringContaining('MAX_JSON_ARRAY_MB'), hint: expect.stringContaining('NDJSON') });
  });

  it('should apply the row and column limits', async () => {
    expect(await rejectionOf(readJsonArrayFrame(chunksOf('[{"a": 1}, {"a": 2}]'), { maxBytes: 1024, maxRows: 1 }))).toMatchObject({ status: 413, message: 'The JSON array has more than 1 data rows, the limit.' });
    expect(await rejectionOf(readJsonArrayFrame(chunksOf('[{"a": 1, "b": 2}]'), { maxBytes: 1024, maxColumns: 1 }))).toMatchObject({ status: 413 });
  });
});

describe('readNdjsonFrames(source, options)', () => {
  it('should read lines as batches of records, numbering rows as the file does and skipping blank lines', async () => {
    const frames = await framesOf('{"a": 1}\r\n\n{"a": 2, "b": "y"}\n{"a": 3}\n{"b": "z"}');
    expect(frames).toEqual([
      { columns: ['a', 'b'], nRows: 2, values: [[1, 2], [null, 'y']], firstRow: 1 },
      { columns: ['a', 'b'], nRows: 2, values: [[3, null], [null, 'z']], firstRow: 3 },
    ]);
  });

  it('should name the line that is not an object, or not JSON', async () => {
    const error = await rejectionOf(framesOf('{"a": 1}\n\n[1, 2]\n'));
    expect(error).toMatchObject({ status: 400, message: 'NDJSON line 3 is an array, not an object.', details: [{ path: 'NDJSON line 3', message: 'not an object' }] });
    expect(await rejectionOf(framesOf('{"a": 1}\n{"a": \n'))).toMatchObject({ message: expect.stringContaining('NDJSON line 2 is not valid JSON') });
  });

  it('should refuse a file of no records, and rows past maxRows', async () => {
    expect(await rejectionOf(framesOf('\n\n'))).toMatchObject({ status: 400, message: 'The NDJSON file holds no records.' });
    expect(await rejectionOf(framesOf('{"a":1}\n{"a":2}\n{"a":3}\n', 2, { maxRows: 2 }))).toMatchObject({ status: 413, message: 'The NDJSON file has more than 2 data rows, the limit.' });
  });
});
