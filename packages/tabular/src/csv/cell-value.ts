/**
 * One cell of a frame; null means missing. Type inference happens later, in preprocessing. It is
 * declared here, with the functions that read cells, so that frame.ts imports cell-value.ts and not
 * the other way round.
 */
export type RawValue = string | number | boolean | null;

/** Cell texts that mean "no value", compared after trimming (pandas' default NA list, minus the exotic ones). */
export const MISSING_TOKENS: ReadonlySet<string> = new Set(['', 'NA', 'N/A', 'NaN', 'null', 'None']);

// Stricter than Number(): Number('0x1f'), Number('Infinity') and Number(' ') would turn ids and blanks into numbers.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Trims a CSV cell and maps the missing-value tokens to null. */
export function normalizeCell(text: string): string | null {
  const trimmed = text.trim();
  return MISSING_TOKENS.has(trimmed) ? null : trimmed;
}

/**
 * The number a non-missing cell stands for, or null when it is not numeric. Numbers given as
 * numbers and as decimal strings ("3", "3.0", "-1e-3") are both accepted.
 */
export function parseNumber(value: RawValue): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || !DECIMAL.test(value)) return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

/** A value as it appears in a message: strings quoted, long ones cut. */
export function describeValue(value: RawValue): string {
  if (typeof value !== 'string') return String(value);
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}
