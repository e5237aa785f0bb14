import { describe, expect, it } from '@jest/globals';
import { checkJsonRowCount, countJsonRows } from './count-json-rows.js';

const bytes = (body: unknown) => new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body));

/** The naive twin: parse, then take the rows array by the body's format. */
function countParsed(body: unknown): number {
  if (Array.isArray(body)) return body.length;
  const object = body as Record<string, { data?: unknown[] } | unknown[]>;
  const split = object.dataframe_split as { data?: unknown[] } | undefined;
  return Math.max(
    ...[object.instances, object.dataframe_records, split?.data].map((rows) => (Array.isArray(rows) ? rows.length : 0)),
  );
}

describe('countJsonRows(raw)', () => {
  const tricky = { a: 'x, y], [z', 'b"q': '\\"]', c: [1, [2, 3]], d: { e: [4, 5] }, f: null, g: true, h: -1.5e3 };
  const bodies: Array<[string, unknown]> = [
    ['an array of records', [{ a: 1 }, { a: 2 }, { a: 3 }]],
    ['an empty array', []],
    ['one bare record', { a: 1, b: [1, 2, 3] }],
    ['records whose strings hold brackets, commas and escaped quotes', [tricky, tricky]],
    ['instances', { instances: [{ a: 1 }, tricky, { a: 3 }, {}] }],
    ['dataframe_records', { dataframe_records: [tricky] }],
    ['dataframe_split', { dataframe_split: { columns: ['a', 'b', 'c'], data: [[1, 'x,y', null], [2, ']', true]] } }],
    ['dataframe_split with the columns last', { dataframe_split: { data: [[1], [2], [3], [4]], columns: ['a'] } }],
    ['a "data" key elsewhere', { instances: [{ data: [1, 2, 3, 4, 5] }], data: [1, 2, 3, 4, 5, 6] }],
  ];

  it.each(bodies)('should count %s as parsing would', (_label, body) => {
    expect(countJsonRows(bytes(body))).toBe(countParsed(body));
  });

  it('should count rows across whitespace and newlines, and in a body cut short', () => {
    expect(countJsonRows(bytes('\n [ {"a" : 1} ,\n\t{"a":2} , 3 ]\n'))).toBe(3);
    expect(countJsonRows(bytes('{"instances": [{"a": 1}, {"a": 2}, {"a'))).toBe(3);
  });

  it('should refuse one row past the limit with 413 naming MAX_JSON_ROWS, before any parsing', () => {
    const rows = Array.from({ length: 11 }, (_, i) => [i]);
    expect(() => checkJsonRowCount(bytes({ dataframe_split: { columns: ['a'], data: rows.slice(0, 10) } }), 10)).not.toThrow();
    expect(() => checkJsonRowCount(bytes({ dataframe_split: { columns: ['a'], data: rows } }), 10)).toThrow(
      expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE', message: 'The JSON body holds 11 rows; the limit is 10 (MAX_JSON_ROWS).' }),
    );
  });
});
