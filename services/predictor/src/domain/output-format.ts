import type { ClassLabel, PredictOutputFormat } from '@tabula/contracts';
import type { Prediction } from '@tabula/tabular';

export type OutputFormat = PredictOutputFormat;
export type StreamFormat = Exclude<OutputFormat, 'json'>;

export const STREAM_CONTENT_TYPES: Record<StreamFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson',
  parquet: 'application/vnd.apache.parquet',
};

/**
 * The format a request asks for: `format` in the query wins, then the Accept header (text/csv,
 * application/x-ndjson or application/vnd.apache.parquet); anything else gets JSON, so existing
 * clients are unaffected.
 */
export function outputFormatOf(queryFormat: OutputFormat | undefined, accept: string | undefined): OutputFormat {
  if (queryFormat !== undefined) return queryFormat;
  if (accept === undefined) return 'json';
  if (/\btext\/csv\b/i.test(accept)) return 'csv';
  if (/\bapplication\/(x-)?ndjson\b/i.test(accept)) return 'ndjson';
  if (/\bapplication\/vnd\.apache\.parquet\b/i.test(accept)) return 'parquet';
  return 'json';
}

/** The CSV header line: row, prediction, then one proba_<label> column per class when asked. */
export function csvHeaderLine(classLabels: ClassLabel[] | null, withProba: boolean): string {
  const probaColumns = withProba && classLabels ? classLabels.map((label) => csvCell(`proba_${String(label)}`)) : [];
  return ['row', 'prediction', ...probaColumns].join(',') + '\n';
}

/**
 * One line per scored row; `firstRow` numbers the rows as the input file does (1-based). Parquet
 * answers are not lines: their jobs are scored as JSON and encoded by parquet-answer.ts.
 */
export function formatRows(format: StreamFormat, prediction: Prediction, firstRow: number, classLabels: ClassLabel[] | null): string {
  const { predictions, probabilities } = prediction;
  const keys = classLabels?.map(String) ?? [];
  let text = '';
  for (let i = 0; i < predictions.length; i++) {
    const row = firstRow + i;
    const proba = probabilities?.[i];
    if (format === 'ndjson') {
      text += JSON.stringify(proba ? { row, prediction: predictions[i], probabilities: proba } : { row, prediction: predictions[i] }) + '\n';
    } else {
      text += `${row},${csvCell(String(predictions[i]))}${proba ? keys.map((key) => `,${proba[key]}`).join('') : ''}\n`;
    }
  }
  return text;
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The format a scoring job encodes in: a Parquet answer is encoded from the predictions on the main thread (parquet-answer.ts), as for JSON. */
export function jobFormatOf(format: OutputFormat): OutputFormat {
  return format === 'parquet' ? 'json' : format;
}
