import type { RawValue } from '../csv/cell-value.js';

/** The parts of a date or timestamp cell, as written (a UTC offset in the text is not applied). */
export interface DateTimeParts {
  year: number;
  /** 1 to 12. */
  month: number;
  /** Monday 0 to Sunday 6, as pandas' dayofweek. */
  dayofweek: number;
  /** 0 to 23; null for a date without a time. */
  hour: number | null;
  /** Milliseconds since 1970 of the wall-clock time as written: what drift compares. */
  epochMs: number;
}

// ISO-8601 calendar dates and timestamps: 2024-03-01, 2024-03-01T14:30, 2024-03-01 14:30:05.123Z,
// 2024-03-01T14:30:05+01:00; the same with "/" between the date's parts (2024/03/01). Day-first and
// month-first forms (01/03/2024) are ambiguous between locales, so they stay text.
const DATE_TIME = /^(\d{4})([-/])(\d{2})\2(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** The parts of a cell holding an ISO-8601 date or timestamp, or null when it holds anything else (numbers included). */
export function parseDateTime(value: RawValue): DateTimeParts | null {
  if (typeof value !== 'string' || value.length < 10 || value.length > 40) return null;
  const match = DATE_TIME.exec(value);
  if (match === null) return null;
  const year = Number(match[1]);
  const month = Number(match[3]);
  const day = Number(match[4]);
  const hasTime = match[5] !== undefined;
  const hour = hasTime ? Number(match[5]) : 0;
  const minute = hasTime ? Number(match[6]) : 0;
  const second = match[7] === undefined ? 0 : Number(match[7]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 60) return null;
  const date = utcDate(year, month - 1, day);
  const dayofweek = (date.getUTCDay() + 6) % 7;
  date.setUTCHours(hour, minute, Math.min(second, 59));
  return { year, month, dayofweek, hour: hasTime ? hour : null, epochMs: date.getTime() };
}

function daysInMonth(year: number, month: number): number {
  return utcDate(year, month, 0).getUTCDate();
}

/** Date.UTC reads years 0–99 as 1900–1999; setUTCFullYear takes the year as given. */
function utcDate(year: number, monthIndex: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date;
}
