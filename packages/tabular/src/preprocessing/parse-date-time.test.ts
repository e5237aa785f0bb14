import { describe, expect, it } from '@jest/globals';
import { parseDateTime } from './parse-date-time.js';

describe('parseDateTime(value)', () => {
  it('should read an ISO-8601 date, with Monday as day 0 and no hour', () => {
    // 2024-03-04 is a Monday.
    expect(parseDateTime('2024-03-04')).toEqual({ year: 2024, month: 3, dayofweek: 0, hour: null, epochMs: Date.UTC(2024, 2, 4) });
    expect(parseDateTime('2024/03/10')).toMatchObject({ dayofweek: 6, hour: null });
  });

  it('should read timestamps with T or a space, seconds, fractions and offsets, taking the hour as written', () => {
    for (const text of ['2024-03-04T14:30', '2024-03-04 14:30:05', '2024-03-04T14:30:05.123Z', '2024-03-04T14:30:05+01:00', '2024-03-04T14:30:05-0500']) {
      expect(parseDateTime(text)).toMatchObject({ year: 2024, month: 3, dayofweek: 0, hour: 14 });
    }
  });

  it('should refuse numbers, other forms, mixed separators and impossible dates', () => {
    for (const value of [20240304, '20240304', '04/03/2024', '2024-03/04', '2024-02-30', '2023-13-01', '2024-03-04T24:00', 'soon', true, null]) {
      expect(parseDateTime(value)).toBeNull();
    }
    expect(parseDateTime('2024-02-29')).not.toBeNull();
    expect(parseDateTime('2023-02-29')).toBeNull();
  });

  it('should take a year below 100 as written, not as 19xx', () => {
    // 0050-01-01 was a Saturday (proleptic Gregorian calendar, as JavaScript dates count).
    expect(parseDateTime('0050-01-01')).toMatchObject({ year: 50, dayofweek: 5 });
    expect(parseDateTime('0050-01-01')?.epochMs).toBeLessThan(Date.UTC(1900, 0, 1));
  });
});
