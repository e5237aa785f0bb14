import { ambiguousDelimiter } from '@tabula/contracts';
import { splitSampleRecords } from './split-sample-records.js';

/** The delimiters detection chooses among, comma first: it is how every file was read before detection. */
export const DELIMITER_CANDIDATES: readonly string[] = [',', ';', '\t', '|'];

/** How one delimiter cuts the sample. */
export interface DelimiterTrial {
  delimiter: string;
  records: string[][];
  headerCells: number;
  /** Records (the header included) with as many cells as the header. */
  nMatching: number;
  /** Whether every quote stands where the CSV reader takes one (see splitSampleRecords). */
  isClean: boolean;
}

export interface DetectDelimiterOptions {
  quote: string | null;
  /** Whether the sample is the whole file (else its last, partial record is dropped). */
  isWhole: boolean;
  candidates?: readonly string[];
}

export function tryDelimiter(sample: string, delimiter: string, { quote, isWhole }: DetectDelimiterOptions): DelimiterTrial {
  const { records, hasStrayQuote } = splitSampleRecords(sample, delimiter, quote, isWhole);
  const headerCells = records[0]?.length ?? 0;
  return { delimiter, records, headerCells, nMatching: records.filter((record) => record.length === headerCells).length, isClean: !hasStrayQuote };
}

const asCandidate = ({ delimiter, headerCells, nMatching }: DelimiterTrial) => ({ delimiter, headerCells, matchingLines: nMatching });

/**
 * The delimiter of a CSV from a sample of its first lines: the candidate that splits the header into
 * more than one cell and every sampled record into as many, with every quote where a reader takes
 * one (a quoted cell cut in two by a comma inside it is not consistent). Comma wins whenever it qualifies, so a
 * file read as comma-separated before is read the same. With none consistent (a ragged file) the one
 * splitting the header is kept, so the reader names the ragged line; with none splitting it, the file
 * has one column and comma reads it. Two or more consistent candidates other than comma: 422 naming
 * each with its cell count.
 */
export function detectDelimiter(sample: string, options: DetectDelimiterOptions): DelimiterTrial {
  const trials = (options.candidates ?? DELIMITER_CANDIDATES).map((delimiter) => tryDelimiter(sample, delimiter, options));
  const splitting = trials.filter((trial) => trial.headerCells > 1);
  const consistent = splitting.filter((trial) => trial.isClean && trial.nMatching === trial.records.length);
  const first = consistent[0] ?? splitting[0] ?? trials[0];
  if (consistent.length > 1 && first.delimiter !== ',') {
    throw ambiguousDelimiter(consistent.map(asCandidate), first.records.length);
  }
  if (consistent.length > 0 || splitting.length <= 1 || first.delimiter === ',') return first;
  // Ragged under every delimiter that splits the header: keep the one most lines agree with, if only one does.
  const best = Math.max(...splitting.map((trial) => trial.nMatching));
  const leaders = splitting.filter((trial) => trial.nMatching === best);
  if (leaders.length > 1) throw ambiguousDelimiter(leaders.map(asCandidate), first.records.length);
  return leaders[0];
}
