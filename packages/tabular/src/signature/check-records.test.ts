import { describe, expect, it } from '@jest/globals';
import { MAX_SCHEMA_DETAILS, type InputSchema } from '@tabula/contracts';
import { frameFromRecords } from '../frame.js';
import { checkRecords } from './check-records.js';

const SCHEMA: InputSchema = {
  columns: [
    { name: 'age', type: 'numeric', required: true, min: 18, max: 90 },
    { name: 'city', type: 'categorical', required: false, categories: ['Berlin', 'Paris'], n_categories: 2 },
    { name: 'income', type: 'numeric', required: false, min: 0, max: 1000 },
  ],
};
const GOOD = { age: 30, city: 'Paris', income: 100 };

describe('checkRecords(frame, schema)', () => {
  it('should find nothing in records that fit, and leave their values as sent', () => {
    const frame = frameFromRecords([GOOD, { ...GOOD, city: 'Berlin' }]);
    const check = checkRecords(frame, SCHEMA);

    expect(check).toMatchObject({ findings: [], errors: [], nFindings: 0, nErrors: 0 });
    expect(check.frame.values).toEqual(frame.values);
  });

  it('should name every offending field of every record at once, in row order', () => {
    const frame = frameFromRecords([
      { age: 'old', city: 'Rome', income: 100 },
      { ...GOOD, income: 5000 },
      { age: null, city: 'Paris' },
    ]);
    const { findings, errors, nErrors, nFindings } = checkRecords(frame, SCHEMA);

    expect(findings).toEqual([
      { row: 1, column: 'age', rule: 'wrong_type', message: '"old" is not a number' },
      { row: 1, column: 'city', rule: 'unknown_category', message: '"Rome" is not a category seen in training' },
      { row: 2, column: 'income', rule: 'out_of_range', message: '5000 is above the largest value seen in training (1000)' },
      { row: 3, column: 'age', rule: 'missing_value', message: 'is required (training had a value in every row) and is missing' },
    ]);
    expect(errors.map((e) => e.rule)).toEqual(['wrong_type', 'unknown_category', 'missing_value']);
    expect([nErrors, nFindings]).toEqual([3, 4]);
  });

  it('should report a required column no record has once, without a row, and add it as missing for scoring', () => {
    const check = checkRecords(frameFromRecords([{ city: 'Paris', income: 1 }]), SCHEMA);

    expect(check.errors).toEqual([{ column: 'age', rule: 'missing_value', message: 'is required (training had a value in every row) and no record has it' }]);
    expect(check.frame.columns).toEqual(['city', 'income', 'age']);
    expect(check.frame.values[2]).toEqual([null]);
  });

  it('should accept an optional column no record has, adding it as missing for the model to impute', () => {
    const check = checkRecords(frameFromRecords([{ age: 40 }]), SCHEMA);

    expect(check.nFindings).toBe(0);
    expect(check.frame.columns).toEqual(['age', 'city', 'income']);
  });

  it('should warn of columns the model does not know, but not of the target or known columns', () => {
    const frame = frameFromRecords([{ ...GOOD, label: 'yes', id: 7, extra: 'x' }]);
    const { findings, nErrors } = checkRecords(frame, SCHEMA, { knownColumns: ['label', 'id'] });

    expect(findings).toEqual([{ column: 'extra', rule: 'unknown_column', message: 'is not an input of the model: ignored' }]);
    expect(nErrors).toBe(0);
  });

  it('should make values of the wrong type missing in the frame to score, without changing the frame given', () => {
    const frame = frameFromRecords([GOOD, { ...GOOD, age: 'old' }]);
    const check = checkRecords(frame, SCHEMA);

    expect(check.frame.values[0]).toEqual([30, null]);
    expect(frame.values[0]).toEqual([30, 'old']);
    expect(check.frame.values[1]).toBe(frame.values[1]);
  });

  it('should not check categories when the schema lists only the first of them', () => {
    const cut: InputSchema = { columns: [{ name: 'city', type: 'categorical', required: true, categories: ['Berlin'], n_categories: 500 }] };
    expect(checkRecords(frameFromRecords([{ city: 'Rome' }]), cut).nFindings).toBe(0);
  });

  it('should read numbers given as text and categories given as numbers as the model does', () => {
    const schema: InputSchema = { columns: [{ name: 'zip', type: 'categorical', required: true, categories: ['75001'], n_categories: 1 }, SCHEMA.columns[0]] };
    expect(checkRecords(frameFromRecords([{ zip: 75001, age: ' 42.5 ' }]), schema).nFindings).toBe(0);
  });

  it('should check boolean and datetime columns by their own rules', () => {
    const schema: InputSchema = {
      columns: [
        { name: 'flag', type: 'boolean', required: true },
        { name: 'when', type: 'datetime', required: true },
      ],
    };
    const frame = frameFromRecords([
      { flag: true, when: '2024-05-01T10:00:00Z' },
      { flag: 'FALSE', when: 1714557600000 },
      { flag: 'maybe', when: 'yesterday-ish' },
    ]);
    expect(checkRecords(frame, schema).findings).toEqual([
      { row: 3, column: 'flag', rule: 'wrong_type', message: '"maybe" is not true or false' },
      { row: 3, column: 'when', rule: 'wrong_type', message: '"yesterday-ish" is not a date or time' },
    ]);
  });

  it('should number rows from the frame\'s firstRow', () => {
    const frame = { ...frameFromRecords([{ ...GOOD, age: 'x' }]), firstRow: 41 };
    expect(checkRecords(frame, SCHEMA).findings[0].row).toBe(41);
  });

  it('should keep at most MAX_SCHEMA_DETAILS findings but count them all', () => {
    const n = MAX_SCHEMA_DETAILS + 10;
    const frame = frameFromRecords(Array.from({ length: n }, () => ({ age: 'x', city: 'Rome' })));
    const check = checkRecords(frame, SCHEMA);

    expect(check.findings).toHaveLength(MAX_SCHEMA_DETAILS);
    expect(check.errors).toHaveLength(MAX_SCHEMA_DETAILS);
    expect([check.nFindings, check.nErrors]).toEqual([2 * n, 2 * n]);
    expect(check.findings[MAX_SCHEMA_DETAILS - 1].row).toBe(MAX_SCHEMA_DETAILS / 2);
  });
});
