import { describe, expect, it } from '@jest/globals';
import { PreprocessingSpecSchema, TabulaError, type FeatureSpec } from '@tabula/contracts';
import { frameFromRecords, type Frame } from '../frame.js';
import { catchError } from '../test-fixtures/catch-error.js';
import { fitPreprocessor } from './fit-preprocessor.js';
import { expandFeatureNames } from './preprocessor-state.js';
import { transformFrame } from './transform-frame.js';

const spec = (given: Record<string, unknown>) => PreprocessingSpecSchema.parse(given);

// Rows 0–5 train; row 6 is held out and must not move anything fitted.
const frame: Frame = {
  columns: ['x', 'city', 'when'],
  nRows: 7,
  values: [
    ['1', '2', null, '3', '10', '2', '1000'],
    ['Oslo', 'Oslo', 'Rome', 'Oslo', 'Paris', null, 'Lima'],
    ['2024-03-04', '2024-03-05T10:00', null, '2024-03-09 20:15', '2023-12-31T00:30', '2024-01-01T23:00', '1999-01-01'],
  ],
};
const TRAIN = [0, 1, 2, 3, 4, 5];
const FEATURES: FeatureSpec[] = [
  { name: 'x', type: 'numeric' },
  { name: 'city', type: 'categorical' },
  { name: 'when', type: 'datetime' },
];

describe('fitPreprocessor(frame, features, rows, limits, options)', () => {
  it('should fit on the training rows only, and write the same state for {} as with no options', () => {
    const numericOnly = FEATURES.slice(0, 2);
    expect(fitPreprocessor(frame, numericOnly, TRAIN, {}, spec({}))).toEqual(fitPreprocessor(frame, numericOnly, TRAIN));
    expect(fitPreprocessor(frame, numericOnly, TRAIN).columns[0]).toEqual({ name: 'x', type: 'numeric', median: 2 });
  });

  it('should expand a date into year, month, day of week and hour, each imputed with its training median', () => {
    const state = fitPreprocessor(frame, FEATURES, TRAIN, {}, spec({}));
    expect(state.columns[2]).toEqual({ name: 'when', type: 'datetime', parts: ['year', 'month', 'dayofweek', 'hour'], fill: [2024, 3, 1, 10] });
    expect(expandFeatureNames(state)).toEqual(['x', 'city=Oslo', 'city=Paris', 'city=Rome', 'when.year', 'when.month', 'when.dayofweek', 'when.hour']);
    const { X, nRows } = transformFrame(state, frame, [1, 2, 6]);
    const column = (name: string) => Array.from(X.subarray(expandFeatureNames(state).indexOf(name) * nRows).subarray(0, nRows));
    expect(column('when.year')).toEqual([2024, 2024, 1999]);
    expect(column('when.month')).toEqual([3, 3, 1]);
    // 2024-03-05 is a Tuesday (1); the missing cell takes the medians (training hours 0, 10, 20, 0, 23, the date alone
    // counting as midnight); 1999-01-01 (a Friday, 4) has no time: midnight.
    expect(column('when.dayofweek')).toEqual([1, 1, 4]);
    expect(column('when.hour')).toEqual([10, 10, 0]);
  });

  it('should leave out the hour when no training cell has a time', () => {
    const dates = frameFromRecords([{ d: '2024-01-01' }, { d: '2024-06-30' }]);
    expect(fitPreprocessor(dates, [{ name: 'd', type: 'datetime' }], [0, 1]).columns[0]).toMatchObject({ parts: ['year', 'month', 'dayofweek'] });
  });

  it('should refuse a date column cell that is not a date at prediction (422 naming the row)', () => {
    const state = fitPreprocessor(frame, FEATURES, TRAIN);
    const error = catchError(() => transformFrame(state, frameFromRecords([{ x: 1, city: 'Oslo', when: 'soon' }]))) as TabulaError;
    expect(error).toBeInstanceOf(TabulaError);
    expect(error).toMatchObject({ code: 'INVALID_VALUE', details: [{ path: 'row 1.when', message: '"soon" is not a date' }] });
  });

  it('should impute and scale numbers with the training statistics at prediction', () => {
    const state = fitPreprocessor(frame, FEATURES.slice(0, 1), TRAIN, {}, spec({ numeric_imputation: 'mean', scaling: 'minmax' }));
    // Training x: 1, 2, 3, 10, 2 (mean 3.6), imputed min 1, max 10.
    expect(state.columns[0]).toEqual({ name: 'x', type: 'numeric', median: 2, fill: 3.6, scaling: { center: 1, scale: 9 } });
    const { X } = transformFrame(state, frame, [0, 2, 6]);
    expect(Array.from(X)).toEqual([0, (3.6 - 1) / 9, 111]);
  });

  it('should group rarer categories into one "other" output with max_categories, unseen values included', () => {
    const state = fitPreprocessor(frame, FEATURES.slice(1, 2), TRAIN, {}, spec({ max_categories: 2 }));
    // Oslo ×3 is kept; Paris and Rome (once each) share the other column, as Lima (unseen) does at prediction.
    expect(state.columns[0]).toEqual({ name: 'city', type: 'categorical', mode: 'Oslo', categories: ['Oslo'], other: true });
    expect(expandFeatureNames(state)).toEqual(['city=Oslo', 'city=<other>']);
    const { X } = transformFrame(state, frame, [0, 2, 5, 6]);
    expect(Array.from(X)).toEqual([1, 0, 1, 0, 0, 1, 0, 1]);
  });

  it('should keep today\'s one-hot (and no "other") when max_categories is not reached', () => {
    const state = fitPreprocessor(frame, FEATURES.slice(1, 2), TRAIN, {}, spec({ max_categories: 3 }));
    expect(state.columns[0]).toEqual({ name: 'city', type: 'categorical', mode: 'Oslo', categories: ['Oslo', 'Paris', 'Rome'] });
  });

  it('should write one column of sorted category codes with ordinal: mode for missing, −1 for unseen', () => {
    const state = fitPreprocessor(frame, FEATURES.slice(1, 2), TRAIN, {}, spec({ categorical_encoding: 'ordinal' }));
    expect(expandFeatureNames(state)).toEqual(['city']);
    expect(Array.from(transformFrame(state, frame, [0, 2, 4, 5, 6]).X)).toEqual([0, 2, 1, 0, -1]);
  });

  it('should keep missing and unseen values missing (NaN) with native, for the forest to route', () => {
    const state = fitPreprocessor(frame, FEATURES.slice(1, 2), TRAIN, {}, spec({ categorical_encoding: 'native' }));
    expect(state.columns[0]).toMatchObject({ encoding: 'native', categories: ['Oslo', 'Paris', 'Rome'] });
    expect(Array.from(transformFrame(state, frame, [0, 4, 5, 6]).X)).toEqual([0, 1, NaN, NaN]);
  });

  it('should give rare categories the last code with ordinal and max_categories', () => {
    const state = fitPreprocessor(frame, FEATURES.slice(1, 2), TRAIN, {}, spec({ categorical_encoding: 'ordinal', max_categories: 2 }));
    expect(Array.from(transformFrame(state, frame, [0, 2, 6]).X)).toEqual([0, 1, 1]);
  });
});
