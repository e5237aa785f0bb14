/**
 * Reads a decimal number straight from UTF-8 bytes, as parseNumber reads the cell's text, so that a
 * numeric column never becomes strings first. Exact: Clinger's fast path (a mantissa of at most 15
 * significant digits is an exact double, as is 10^k for k ≤ 22, and one IEEE multiply or divide of
 * two exact doubles rounds correctly) and, outside it, Number() on the cell's text.
 */

const PLUS = 0x2b;
const MINUS = 0x2d;
const DOT = 0x2e;
const COMMA = 0x2c;
const ZERO = 0x30;
const NINE = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;

/** 10^0 … 10^22, each an exact double. */
// Number('1e22') is correctly rounded (and exact here), which Math.pow does not promise.
const POWERS_OF_TEN = Float64Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** What parseNumberBytes returns for a cell that is not a finite decimal number. */
export const NOT_A_NUMBER = Symbol('not a number');

/** The number scanNumber read last: its value when isExact (Clinger's fast path applied). */
export const scanned = { value: 0, isExact: false };

/**
 * The number in bytes[start, end) (already trimmed), or NOT_A_NUMBER when the cell does not match
 * parseNumber's grammar `[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?` or overflows to ±Infinity.
 * @param decimal the decimal separator's byte ('.' or ',').
 */
export function parseNumberBytes(bytes: Uint8Array, start: number, end: number, decimal: number = DOT): number | typeof NOT_A_NUMBER {
  if (scanNumber(bytes, start, end, decimal) !== end) return NOT_A_NUMBER;
  return scanned.isExact ? scanned.value : slowNumber(bytes, start, end, decimal);
}

/**
 * Reads the longest number of parseNumber's grammar at bytes[start] and returns where it stops
 * (-1 when there is none), leaving it in `scanned`: a cell reader calls it at a cell's first byte
 * and checks that the cell ends there, so a numeric cell is read in one pass over its bytes.
 */
export function scanNumber(bytes: Uint8Array, start: number, end: number, decimal: number): number {
  let i = start;
  let isNegative = false;
  if (i < end && (bytes[i] === MINUS || bytes[i] === PLUS)) isNegative = bytes[i++] === MINUS;
  const digitsStart = i;
  // Every digit goes into the mantissa, leading zeros too (they add nothing), without a branch per
  // digit for them: up to 15 digits the mantissa is exact; past that, see hasFewSignificantDigits.
  let mantissa = 0;
  let digit = 0;
  for (; i < end; i++) {
    digit = bytes[i] - ZERO;
    if (digit < 0 || digit > 9) break;
    mantissa = mantissa * 10 + digit;
  }
  let nDigits = i - digitsStart;
  let exponent = 0;
  if (i < end && bytes[i] === decimal) {
    const fractionStart = ++i;
    for (; i < end; i++) {
      digit = bytes[i] - ZERO;
      if (digit < 0 || digit > 9) break;
      mantissa = mantissa * 10 + digit;
    }
    exponent = fractionStart - i;
    nDigits += i - fractionStart;
  }
  if (nDigits === 0) return -1;
  if (i < end && (bytes[i] === LOWER_E || bytes[i] === UPPER_E)) {
    i++;
    let isExpNegative = false;
    if (i < end && (bytes[i] === MINUS || bytes[i] === PLUS)) isExpNegative = bytes[i++] === MINUS;
    const expStart = i;
    let written = 0;
    for (; i < end; i++) {
      digit = bytes[i] - ZERO;
      if (digit < 0 || digit > 9) break;
      // Past 10^6 the exponent only decides overflow or underflow, which the slow path does.
      if (written < 1e6) written = written * 10 + digit;
    }
    if (i === expStart) return -1;
    exponent += isExpNegative ? -written : written;
  }
  scanned.isExact = exponent >= -22 && exponent <= 22 && (nDigits <= 15 || hasFewSignificantDigits(bytes, digitsStart, nDigits));
  if (scanned.isExact) {
    const value = exponent < 0 ? mantissa / POWERS_OF_TEN[-exponent] : mantissa * POWERS_OF_TEN[exponent];
    scanned.value = isNegative ? -value : value;
  }
  return i;
}

/**
 * Whether a number of more than 15 digits from bytes[start] has at most 15 significant ones (not
 * counting its leading zeros, as in "0.000000000000000012"): then its mantissa is still exact.
 */
function hasFewSignificantDigits(bytes: Uint8Array, start: number, nDigits: number): boolean {
  let nLeadingZeros = 0;
  for (let i = start; nDigits - nLeadingZeros > 15; i++) {
    const byte = bytes[i];
    if (byte === ZERO) nLeadingZeros++;
    else if (byte >= ZERO && byte <= NINE) return false;
    // Anything else here is the decimal separator, between the leading zeros.
  }
  return true;
}

/** Number() on the cell's text (its decimal comma made a point): correctly rounded, rarely needed. */
function slowNumber(bytes: Uint8Array, start: number, end: number, decimal: number): number | typeof NOT_A_NUMBER {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i] === decimal && decimal === COMMA ? DOT : bytes[i]);
  const value = Number(text);
  return Number.isFinite(value) ? value : NOT_A_NUMBER;
}
