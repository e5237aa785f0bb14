import { describe, expect, it } from '@jest/globals';
import type { DataReport } from '@tabula/contracts';
import { deriveInputSchema } from './derive-input-schema.js';

const features = [
  { name: 'age', type: 'numeric' as const },
  { name: 'city', type: 'categorical' as const },
];

describe('deriveInputSchema(signature, dataReport)', () => {
  it('should mark every column required when there is no data report', () => {
    expect(deriveInputSchema({ features }, null)).toEqual({
      columns: [
        { name: 'age', type: 'numeric', required: true },
        { name: 'city', type: 'categorical', required: true },
      ],
    });
  });

  it('should take required, the range and the category count from the data report, and list no categories', () => {
    const report: DataReport = {
      n_rows: 10,
      n_columns: 2,
      n_rows_without_target: 0,
      class_counts: null,
      columns: [
        { name: 'age', role: 'feature', type: 'numeric', missing: 0, missing_pct: 0, distinct: 8, min: 18, max: 90, mean: 40 },
        { name: 'city', role: 'feature', type: 'categorical', missing: 2, missing_pct: 20, distinct: 12, top: [{ value: 'Paris', count: 3 }] },
      ],
    };
    expect(deriveInputSchema({ features }, report)).toEqual({
      columns: [
        { name: 'age', type: 'numeric', required: true, min: 18, max: 90 },
        { name: 'city', type: 'categorical', required: false, n_categories: 12 },
      ],
    });
  });
});
