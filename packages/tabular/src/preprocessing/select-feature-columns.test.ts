import { describe, expect, it } from '@jest/globals';
import { TabulaError } from '@tabula/contracts';
import { selectFeatureColumns } from './select-feature-columns.js';
import { catchError } from '../test-fixtures/catch-error.js';

const COLUMNS = ['id', 'age', 'city', 'churned'];

function inputError(run: () => unknown): TabulaError {
  const error = catchError(run);
  expect(error).toBeInstanceOf(TabulaError);
  expect(error).toMatchObject({ code: 'INVALID_INPUT', status: 400 });
  return error as TabulaError;
}

describe('selectFeatureColumns(columns, targetColumn, columnsToDrop)', () => {
  it('should keep every column but the target and the dropped ones, in file order', () => {
    expect(selectFeatureColumns(COLUMNS, 'churned', ['id'])).toEqual(['age', 'city']);
    expect(selectFeatureColumns(COLUMNS, 'age', [])).toEqual(['id', 'city', 'churned']);
  });

  it('should name a missing target and list the available columns', () => {
    const error = inputError(() => selectFeatureColumns(COLUMNS, 'Churned', []));
    expect(error.message).toBe('The target column "Churned" is not in the data.');
    expect(error.hint).toContain('"id", "age", "city", "churned"');
  });

  it('should point at a wrong delimiter when the header is one wide column', () => {
    expect(inputError(() => selectFeatureColumns(['a;b;c'], 'c', [])).hint).toContain('";"-separated');
  });

  it('should name columns_to_drop entries that are not columns', () => {
    const error = inputError(() => selectFeatureColumns(COLUMNS, 'churned', ['id', 'zip', 'phone']));
    expect(error.message).toContain('"zip", "phone"');
    expect(error.hint).toContain('Columns in the data: "id"');
  });

  it('should reject the target in columns_to_drop', () => {
    expect(inputError(() => selectFeatureColumns(COLUMNS, 'churned', ['churned'])).message).toContain('also listed in columns_to_drop');
  });

  it('should reject dropping every feature', () => {
    expect(inputError(() => selectFeatureColumns(COLUMNS, 'churned', ['id', 'age', 'city'])).message).toContain('No feature columns are left');
  });
});
