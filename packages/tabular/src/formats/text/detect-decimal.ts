import { ambiguousDecimal } from '@tabula/contracts';

/** 3,14 · -0,5 · ,5 · 1,5e3: a decimal comma and no other separator. */
const COMMA_DECIMAL = /^[+-]?\d*,\d+(?:[eE][+-]?\d+)?$/;
/** 3.14 · -0.5 · .5 · 2. · 1.5e3 */
const DOT_DECIMAL = /^[+-]?(?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** 1,500 or 1.500: a decimal with three places, or a thousand grouped; either reading fits. */
const ONE_GROUP = /^[+-]?[1-9]\d{0,2}[.,]\d{3}$/;
/** 1.234,5 and 1.234.567: dots group thousands, so a comma is the decimal separator. */
const DOT_GROUPS = /^[+-]?\d{1,3}(?:\.\d{3})+,\d+$|^[+-]?\d{1,3}(?:\.\d{3}){2,}$/;
/** 1,234.5 and 1,234,567: commas group thousands, so a dot is the decimal separator. */
const COMMA_GROUPS = /^[+-]?\d{1,3}(?:,\d{3})+\.\d+$|^[+-]?\d{1,3}(?:,\d{3}){2,}$/;

/** The cells that said which separator a file uses, the first of each kind kept for the message. */
interface DecimalEvidence {
  comma: string | null;
  dot: string | null;
  /** A "1,500": a decimal comma, or a thousands comma in a dot-decimal file. */
  groupedComma: string | null;
}

function collectEvidence(records: readonly string[][]): DecimalEvidence {
  const evidence: DecimalEvidence = { comma: null, dot: null, groupedComma: null };
  // The header names columns; numbers start on the second record.
  for (let r = 1; r < records.length; r++) {
    for (const raw of records[r]) {
      const cell = raw.trim();
      if (cell === '' || !/\d/.test(cell)) continue;
      if (ONE_GROUP.test(cell)) {
        if (cell.includes(',')) evidence.groupedComma ??= cell;
      } else if (COMMA_DECIMAL.test(cell) || DOT_GROUPS.test(cell)) {
        evidence.comma ??= cell;
      } else if (DOT_DECIMAL.test(cell) || COMMA_GROUPS.test(cell)) {
        evidence.dot ??= cell;
      }
      if (evidence.comma !== null && evidence.dot !== null) return evidence;
    }
  }
  return evidence;
}

/**
 * The decimal separator of a file whose delimiter is not a comma, from the cells of its sampled data
 * records. A comma when some cell reads only as a decimal comma (3,14, -0,5, 1,5e3, or 1.234,5 whose
 * dots group thousands) and none only as a decimal point; a point in the opposite case and when no
 * cell says (integers, text). Thousands separators count as evidence only: nothing here removes them.
 * 422 when the cells disagree (3,14 beside 2.5), or when the only commas are in cells like 1,500,
 * which read as 1.5 or as 1500.
 */
export function detectDecimal(records: readonly string[][], delimiter: string): '.' | ',' {
  const { comma, dot, groupedComma } = collectEvidence(records);
  if (comma !== null && dot !== null) throw ambiguousDecimal(delimiter, `cells such as "${comma}" use a decimal comma and cells such as "${dot}" a decimal point`);
  if (comma !== null) return ',';
  if (dot !== null) return '.';
  if (groupedComma !== null) throw ambiguousDecimal(delimiter, `"${groupedComma}" could be ${Number(groupedComma.replace(',', '.'))} or ${Number(groupedComma.replace(',', ''))}, and no other number says which`);
  return '.';
}
