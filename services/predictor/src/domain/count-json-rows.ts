import { tooManyJsonRows } from '@tabula/contracts';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const COMMA = 0x2c;
const COLON = 0x3a;
/** Keys longer than this are never a format key, so they are not read. */
const MAX_KEY_BYTES = 32;

interface Container {
  isArray: boolean;
  /** An array whose elements are the body's rows. */
  isRows: boolean;
  commas: number;
  hasValue: boolean;
  /** Objects: whether the next string is a key, and the last key read (only near the top). */
  isExpectingKey: boolean;
  key: string;
}

/**
 * The rows a JSON prediction body holds, counted on its raw bytes before it is parsed: the
 * elements of a top-level array, of "instances" or "dataframe_records", or of
 * "dataframe_split"."data" (the largest, if several). JSON.parse of 50 MB of short rows took the
 * predictor to 690 MB before any check could run; this scan allocates nothing per row. It reads
 * structure only (brackets, commas outside strings) and leaves validity to the parser: a key
 * written with escapes is not recognized, and decodePredictBody counts again after parsing.
 */
export function countJsonRows(raw: Uint8Array): number {
  const stack: Container[] = [];
  let largest = 0;
  const close = (container: Container | undefined) => {
    if (container?.isRows) largest = Math.max(largest, container.commas + (container.hasValue ? 1 : 0));
  };
  const noteValue = () => {
    const top = stack.at(-1);
    if (top?.isArray) top.hasValue = true;
  };
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i];
    if (byte === QUOTE) {
      const start = i + 1;
      for (i = start; i < raw.length && raw[i] !== QUOTE; i++) if (raw[i] === BACKSLASH) i++;
      const top = stack.at(-1);
      if (top !== undefined && !top.isArray && top.isExpectingKey) {
        top.isExpectingKey = false;
        top.key = stack.length <= 2 && i - start <= MAX_KEY_BYTES ? String.fromCharCode(...raw.subarray(start, i)) : '';
      } else {
        noteValue();
      }
    } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
      noteValue();
      const isArray = byte === OPEN_ARRAY;
      stack.push({ isArray, isRows: isArray && isRowsPosition(stack), commas: 0, hasValue: false, isExpectingKey: !isArray, key: '' });
    } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
      close(stack.pop());
    } else if (byte === COMMA) {
      const top = stack.at(-1);
      if (top?.isArray) top.commas++;
      else if (top !== undefined) top.isExpectingKey = true;
    } else if (byte !== COLON && byte > 0x20) {
      // The first byte of a number, true, false or null.
      noteValue();
    }
  }
  // A body cut short still says how many rows it was sending.
  for (const container of stack) close(container);
  return largest;
}

/**
 * Refuses a raw JSON body of more than maxRows rows (MAX_JSON_ROWS) before it is parsed; for the
 * JSON body parser's inspection of the bytes it has read.
 */
export function checkJsonRowCount(raw: Uint8Array, maxRows: number): void {
  const nRows = countJsonRows(raw);
  if (nRows > maxRows) throw tooManyJsonRows(nRows, maxRows);
}

/** Whether an array opened with `stack` above it holds the rows: [...], {"instances": [...]}, {"dataframe_split": {"data": [...]}}. */
function isRowsPosition(stack: Container[]): boolean {
  if (stack.length === 0) return true;
  const [root, inner] = stack;
  if (root.isArray) return false;
  if (stack.length === 1) return root.key === 'instances' || root.key === 'dataframe_records';
  return stack.length === 2 && root.key === 'dataframe_split' && !inner.isArray && inner.key === 'data';
}
