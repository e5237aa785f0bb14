import { describe, expect, it } from '@jest/globals';
import { JSON_MAX_DEPTH, isJsonDeeperThan, parseJsonBounded } from './bounded-json.js';
import { TrainFormSchema } from './forms.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const nested = (depth: number) => `${'{"a":['.repeat(depth / 2)}1${']}'.repeat(depth / 2)}`;

/** A naive twin: the depth JSON.parse's result really has, walked recursively (small inputs only). */
const depthOf = (value: unknown): number =>
  typeof value === 'object' && value !== null ? 1 + Math.max(0, ...Object.values(value).map(depthOf)) : 0;

describe('isJsonDeeperThan(bytes, maxDepth)', () => {
  it('should agree with the depth of what JSON.parse builds, on random documents', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const build = (depth: number): unknown => {
      if (depth === 0 || next() < 0.2) return next() < 0.5 ? 'a"[{\\' : 3;
      const children = Array.from({ length: 1 + Math.floor(next() * 3) }, () => build(depth - 1));
      return next() < 0.5 ? children : Object.fromEntries(children.map((child, i) => [`k{${i}"[`, child]));
    };
    for (let i = 0; i < 200; i++) {
      const text = JSON.stringify([build(Math.floor(next() * 12))]);
      const depth = depthOf(JSON.parse(text));
      expect([isJsonDeeperThan(bytes(text), depth), isJsonDeeperThan(bytes(text), depth - 1)]).toEqual([false, true]);
    }
  });

  it('should skip brackets inside strings, escaped quotes included, and read multi-byte UTF-8', () => {
    expect(isJsonDeeperThan(bytes('{"a": "[[[[{{{{\\"[[[[", "é€😀": ["]]]]"]}'), 2)).toBe(false);
    expect(isJsonDeeperThan(bytes('{"a": "[[[[{{{{\\"[[[[", "é€😀": [["]]]]"]]}'), 2)).toBe(true);
  });

  it('should scan 100,000 levels without recursion', () => {
    expect(isJsonDeeperThan(bytes('['.repeat(100_000)), JSON_MAX_DEPTH)).toBe(true);
  });
});

describe('parseJsonBounded(text, { maxDepth, what })', () => {
  it(`should parse text nested up to ${JSON_MAX_DEPTH} levels, given as a string or UTF-8 bytes`, () => {
    expect(depthOf(parseJsonBounded(nested(JSON_MAX_DEPTH)))).toBe(JSON_MAX_DEPTH);
    expect(parseJsonBounded(bytes('{"é": [1]}'))).toEqual({ é: [1] });
  });

  it('should throw INVALID_INPUT naming what was read and the limit, one level deeper', () => {
    expect(() => parseJsonBounded(nested(JSON_MAX_DEPTH + 2), { what: 'The export header' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', status: 400, message: expect.stringMatching(/^The export header .*more than 64 levels deep/) }),
    );
    expect(() => parseJsonBounded('[[[1]]]', { maxDepth: 2 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it("should leave text that is not JSON to JSON.parse's SyntaxError", () => {
    expect(() => parseJsonBounded('{"a": ')).toThrow(SyntaxError);
    expect(() => parseJsonBounded(new Uint8Array([0x22, 0xff, 0x22]))).toThrow(SyntaxError);
  });
});

describe('form fields holding JSON', () => {
  it.each(['model_params', 'min_metrics', 'columns_to_drop'])('should refuse %s nested 100,000 deep as an issue on the field', (field) => {
    const value = field === 'columns_to_drop' ? '['.repeat(100_000) + ']'.repeat(100_000) : `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const result = TrainFormSchema.safeParse({ target_column: 't', [field]: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: [field], message: expect.stringContaining(`more than ${JSON_MAX_DEPTH} levels deep`) })]);
  });
});
