import { describe, expect, it } from '@jest/globals';
import { ModelNameSchema, VersionNumberSchema, VersionRefSchema } from './names.js';

// A name or version that reads as another one would act on a model or version the client did not
// name: DELETE …/versions/0x4 must not delete version 4, nor "iris " stand for "iris".

describe('VersionNumberSchema', () => {
  it.each([
    ['3', 3],
    [3, 3],
    ['1000000000', 1_000_000_000],
  ])('should read %j as version %d', (value, version) => {
    expect(VersionNumberSchema.parse(value)).toBe(version);
  });

  it.each(['0x4', '1e0', '04', ' 4', '4 ', '+4', '4.0', '0', '-1', '', '1000000001', '99999999999999999999', 'Infinity'])(
    'should refuse %j, saying versions are plain decimal integers',
    (value) => {
      const parsed = VersionNumberSchema.safeParse(value);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0].message).toMatch(/plain decimal/);
    },
  );

  it.each([0, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY, 1_000_000_001])('should refuse the number %d', (value) => {
    expect(VersionNumberSchema.safeParse(value).success).toBe(false);
  });
});

describe('VersionRefSchema', () => {
  it.each(['0x4', '1e0', '04', ' 4', '4 '])('should refuse %j rather than read it as a number or an alias', (value) => {
    expect(VersionRefSchema.safeParse(value).success).toBe(false);
  });
});

describe('ModelNameSchema', () => {
  it.each(['iris ', ' iris', 'iris\t', 'iris\n'])('should refuse %j instead of trimming it to "iris"', (value) => {
    const parsed = ModelNameSchema.safeParse(value);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].message).toMatch(/letters, digits/);
  });

  it('should accept a plain name as it is', () => {
    expect(ModelNameSchema.parse('churn-v2.1_b')).toBe('churn-v2.1_b');
  });
});
