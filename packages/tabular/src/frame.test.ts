import { describe, expect, it } from '@jest/globals';
import { TabulaError } from '@tabula/contracts';
import { frameFromRecords } from './frame.js';
import { catchError } from './test-fixtures/catch-error.js';

describe('frameFromRecords(records)', () => {
  it('should build columns in first-seen key order, column-major', () => {
    const frame = frameFromRecords([
      { a: 1, b: 'x' },
      { b: 'y', c: true },
    ]);
    expect(frame).toEqual({
      columns: ['a', 'b', 'c'],
      nRows: 2,
      values: [
        [1, null],
        ['x', 'y'],
        [null, true],
      ],
    });
  });

  it('should apply the CSV missing-value rules to strings', () => {
    const frame = frameFromRecords([{ a: ' NA ' }, { a: ' 3.5 ' }, { a: null }, { a: undefined }]);
    expect(frame.values[0]).toEqual([null, '3.5', null, null]);
  });

  it('should return an empty frame for no records', () => {
    expect(frameFromRecords([])).toEqual({ columns: [], nRows: 0, values: [] });
  });

  it('should reject nested values, naming the record and field', () => {
    const error = catchError(() => frameFromRecords([{ a: 1 }, { a: { nested: 1 } }, { a: [1, 2] }]));
    expect(error).toBeInstanceOf(TabulaError);
    expect(error).toMatchObject({ code: 'INVALID_INPUT', status: 400 });
    expect((error as TabulaError).message).toContain('record 2 field "a" is an object');
    expect((error as TabulaError).message).toContain('record 3 field "a" is an array');
  });

  it('should reject a record that is not an object', () => {
    const records = [{ a: 1 }, 5] as unknown as Array<Record<string, unknown>>;
    expect((catchError(() => frameFromRecords(records)) as TabulaError).message).toContain('record 2 is a number, not an object');
  });
});
