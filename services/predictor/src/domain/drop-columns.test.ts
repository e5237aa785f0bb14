import { describe, expect, it } from '@jest/globals';
import type { Frame } from '@tabula/tabular';
import { dropColumns } from './drop-columns.js';

const frame: Frame = { columns: ['a', 'b', 'variety'], nRows: 2, values: [['1', '2'], ['3', '4'], ['x', 'y']] };

describe('dropColumns(frame, names)', () => {
  it('should drop the named columns the frame has', () => {
    expect(dropColumns(frame, ['variety'])).toEqual({ frame: { columns: ['a', 'b'], nRows: 2, values: [['1', '2'], ['3', '4']] }, absent: [] });
  });

  it('should ignore the names the frame lacks and report them, in the order given', () => {
    const { frame: kept, absent } = dropColumns(frame, ['id', 'b', 'label']);
    expect(kept.columns).toEqual(['a', 'variety']);
    expect(kept.values).toEqual([['1', '2'], ['x', 'y']]);
    expect(absent).toEqual(['id', 'label']);
  });

  it('should return the same frame when nothing is dropped', () => {
    expect(dropColumns(frame, []).frame).toBe(frame);
    expect(dropColumns(frame, ['nope']).frame).toBe(frame);
  });
});
