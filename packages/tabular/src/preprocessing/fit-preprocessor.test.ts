import { describe, expect, it } from '@jest/globals';
import { MAX_CATEGORIES, fitPreprocessor, inferFeatureTypes, median } from './fit-preprocessor.js';
import type { Frame } from '../frame.js';
import { describeFeatures, expandFeatureNames } from './preprocessor-state.js';

const frame: Frame = {
  columns: ['age', 'city', 'id', 'flag'],
  nRows: 6,
  values: [
    ['30', '10', null, 20, '40', 'n/a?'],
    ['Oslo', 'Rome', 'Oslo', null, 'Rome', 'Paris'],
    ['1', '2', '3', '4', '5', '6'],
    [true, false, true, true, null, false],
  ],
};

describe('inferFeatureTypes(frame, columns, rows)', () => {
  it('should call a column numeric when every present cell is a number', () => {
    expect(inferFeatureTypes(frame, ['age', 'city', 'id', 'flag'], [0, 1, 2, 3, 4])).toEqual([
      { name: 'age', type: 'numeric' },
      { name: 'city', type: 'categorical' },
      { name: 'id', type: 'numeric' },
      { name: 'flag', type: 'categorical' },
    ]);
  });

  it('should look at every given row, so one text cell makes the column categorical', () => {
    expect(inferFeatureTypes(frame, ['age'], [0, 1, 2, 3, 4, 5])).toEqual([{ name: 'age', type: 'categorical' }]);
  });
});

describe('fitPreprocessor(frame, features, rows)', () => {
  const features = inferFeatureTypes(frame, ['age', 'city', 'flag'], [0, 1, 2, 3, 4]);

  it('should fit medians and categories on the given rows only', () => {
    const state = fitPreprocessor(frame, features, [0, 1, 2, 3]);
    expect(state.columns).toEqual([
      { name: 'age', type: 'numeric', median: 20 },
      { name: 'city', type: 'categorical', mode: 'Oslo', categories: ['Oslo', 'Rome'] },
      { name: 'flag', type: 'categorical', mode: 'true', categories: ['false', 'true'] },
    ]);
    expect(expandFeatureNames(state)).toEqual(['age', 'city=Oslo', 'city=Rome', 'flag=false', 'flag=true']);
    expect(describeFeatures(state)).toEqual(features);
  });

  it('should break a tie for the most frequent value towards the smaller value', () => {
    const state = fitPreprocessor(frame, features, [0, 1]);
    expect(state.columns[1]).toMatchObject({ mode: 'Oslo', categories: ['Oslo', 'Rome'] });
  });

  it('should keep a categorical column without training values, encoding nothing', () => {
    const state = fitPreprocessor(frame, [{ name: 'city', type: 'categorical' }], [3]);
    expect(state.columns[0]).toEqual({ name: 'city', type: 'categorical', mode: null, categories: [] });
  });

  it(`should keep the ${MAX_CATEGORIES} most frequent categories of an identifier-like column`, () => {
    const nRows = MAX_CATEGORIES + 50;
    const ids: Frame = { columns: ['id'], nRows, values: [Array.from({ length: nRows }, (_, row) => (row < 10 ? 'common' : `id${row}`))] };
    const state = fitPreprocessor(ids, [{ name: 'id', type: 'categorical' }], Array.from({ length: nRows }, (_, row) => row));
    const column = state.columns[0];
    expect(column.type === 'categorical' && column.categories.length).toBe(MAX_CATEGORIES);
    expect(column).toMatchObject({ mode: 'common' });
  });
});

describe('fitPreprocessor(frame, features, rows, { maxCategories, maxFeatures })', () => {
  const people: Frame = {
    columns: ['age', 'city', 'flag'],
    nRows: 4,
    values: [
      ['30', '10', null, 20],
      ['Oslo', 'Rome', 'Paris', null],
      [true, false, true, true],
    ],
  };
  const features = inferFeatureTypes(people, people.columns, [0, 1, 2, 3]);
  const allRows = [0, 1, 2, 3];

  it('should fit as without limits when the counts are at the limits', () => {
    expect(fitPreprocessor(people, features, allRows, { maxCategories: 3, maxFeatures: 6 })).toEqual(fitPreprocessor(people, features, allRows));
  });

  it('should refuse a text column with more categories than MAX_CATEGORIES with 413, naming the column, the cap and the setting', () => {
    expect(() => fitPreprocessor(people, features, allRows, { maxCategories: 2 })).toThrow(
      expect.objectContaining({
        code: 'PAYLOAD_TOO_LARGE',
        status: 413,
        message: 'The text column "city" has 3 categories; the limit is 2 (MAX_CATEGORIES).',
        details: [{ path: 'MAX_CATEGORIES', message: '3 > 2' }],
      }),
    );
  });

  it('should refuse more encoded features than MAX_FEATURES with 413, counting each one-hot column', () => {
    // age (1) + city (Oslo, Paris, Rome) + flag (false, true) = 6 columns.
    expect(() => fitPreprocessor(people, features, allRows, { maxFeatures: 5 })).toThrow(
      expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('has 6 features; the limit is 5 (MAX_FEATURES)') }),
    );
  });
});

describe('median(values)', () => {
  it('should take the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});
