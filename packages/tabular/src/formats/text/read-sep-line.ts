/** What an Excel `sep=` first line says, and the text with that line emptied. */
export interface SepLine {
  /** The delimiter the line names. */
  delimiter: string;
  /** The sample with the line's content removed and its line end kept: the reader skips the blank line, and every later line keeps its number. */
  text: Uint8Array;
}

// Excel writes `sep=;` (some tools quote it: `"sep=;"`) as a CSV's first line to name its delimiter, and reads it back
// so; pandas does not, and would read the line as a header of one column. Only a single character that can separate
// cells counts: a quote or a line end cannot.
const SEP_LINE = /^("?)sep=([^"\r\n])\1(?=\r\n|\n|\r)/i;

/** The `sep=X` line a UTF-8 sample (no BOM) starts with, or null when it does not start with one. */
export function readSepLine(sample: Uint8Array): SepLine | null {
  const head = Buffer.from(sample.buffer, sample.byteOffset, Math.min(sample.length, 16)).toString('utf8');
  const match = SEP_LINE.exec(head);
  if (match === null) return null;
  const lineBytes = Buffer.byteLength(match[0], 'utf8');
  return { delimiter: match[2], text: sample.subarray(lineBytes) };
}
