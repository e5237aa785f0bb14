import { describe, expect, it } from '@jest/globals';
import { MAX_SCHEMA_CATEGORIES, type FeatureSpec } from '@tabula/contracts';
import type { Frame } from '../frame.js';
import { buildInputSchema } from './build-input-schema.js';
import { describeInputs } from './describe-inputs.js';
import { pickInputExample } from './pick-input-example.js';

const FEATURES: FeatureSpec[] = [
  { name: 'age', type: 'numeric' },
  { name: 'city', type: 'categorical' },
  { name: 'income', type: 'numeric' },
];
// As the CSV parser leaves them: text cells, null for missing.
const FRAME: Frame = {
  columns: ['age', 'city', 'income', 'label'],
  nRows: 4,
  values: [
    ['31', '45', '-2.5', '60'],
    ['Paris', null, 'Berlin', 'Paris'],
    ['100', null, '300', '200'],
    ['yes', 'no', 'yes', 'no'],
  ],
};

describe('buildInputSchema(frame, features)', () => {
  it('should describe each feature with its type, range or sorted categories, and whether it is required', () => {
    expect(buildInputSchema(FRAME, FEATURES)).toEqual({
      columns: [
        { name: 'age', type: 'numeric', required: true, min: -2.5, max: 60 },
        { name: 'city', type: 'categorical', required: false, categories: ['Berlin', 'Paris'], n_categories: 2 },
        { name: 'income', type: 'numeric', required: false, min: 100, max: 300 },
      ],
    });
  });

  it('should keep the count and only the first categories of a column with many', () => {
    const n = MAX_SCHEMA_CATEGORIES + 50;
    const cells = Array.from({ length: n }, (_, i) => `c${String(i).padStart(4, '0')}`);
    const [city] = buildInputSchema({ columns: ['city'], nRows: n, values: [cells] }, [{ name: 'city', type: 'categorical' }]).columns;

    expect(city.n_categories).toBe(n);
    expect(city.categories).toEqual(cells.slice(0, MAX_SCHEMA_CATEGORIES));
  });

  it('should leave out of the list categories of more than 200 characters, so that the list is not complete', () => {
    const long = 'x'.repeat(201);
    const [city] = buildInputSchema({ columns: ['city'], nRows: 2, values: [['Paris', long]] }, [{ name: 'city', type: 'categorical' }]).columns;

    expect(city).toMatchObject({ categories: ['Paris'], n_categories: 2 });
  });

  it('should give no range to a numeric column with no value', () => {
    const [age] = buildInputSchema({ columns: ['age'], nRows: 2, values: [[null, null]] }, [{ name: 'age', type: 'numeric' }]).columns;
    expect(age).toEqual({ name: 'age', type: 'numeric', required: false });
  });
});

describe('pickInputExample(frame, columns)', () => {
  const { columns } = buildInputSchema(FRAME, FEATURES);

  it('should take the first rows with every value present, as typed records of the input columns only', () => {
    expect(pickInputExample(FRAME, columns, 2)).toEqual([
      { age: 31, city: 'Paris', income: 100 },
      { age: -2.5, city: 'Berlin', income: 300 },
    ]);
  });

  it('should fill up with incomplete rows, in file order, when too few are complete', () => {
    expect(pickInputExample(FRAME, columns, 4)).toEqual([
      { age: 31, city: 'Paris', income: 100 },
      { age: 45, city: null, income: null },
      { age: -2.5, city: 'Berlin', income: 300 },
      { age: 60, city: 'Paris', income: 200 },
    ]);
  });
});

describe('describeInputs(frame, features)', () => {
  it('should give the schema and an example of three rows', () => {
    const { input_schema, input_example } = describeInputs(FRAME, FEATURES);
    expect(input_schema?.columns.map((column) => column.name)).toEqual(['age', 'city', 'income']);
    expect(input_example).toHaveLength(3);
  });
});
