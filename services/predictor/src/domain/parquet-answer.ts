import type { ClassLabel } from '@tabula/contracts';
import { ParquetStreamWriter, type ParquetColumnSpec } from '@tabula/tabular';
import type { ScoreResult } from './score-job.js';

/**
 * A streamed answer as a Parquet file (format=parquet, or Accept: application/vnd.apache.parquet):
 * each scored block becomes one row group, sent as soon as it is encoded, and the footer follows the
 * last. Memory is one block's predictions, as for CSV and NDJSON answers. Columns: `row` (the input's
 * 1-based row, INT32), `prediction` (the class label as text, or the regression value as DOUBLE) and,
 * with return_proba, one DOUBLE `proba_<label>` column per class.
 */
export async function* encodeParquetAnswer(results: AsyncIterable<ScoreResult>, returnProba: boolean): AsyncGenerator<ScoreResult> {
  let writer: ParquetStreamWriter | undefined;
  let nextRow = 1;
  let last: ScoreResult | undefined;
  for await (const result of results) {
    last = result;
    const prediction = result.prediction;
    if (!prediction) continue;
    const labels = result.classLabels;
    writer ??= new ParquetStreamWriter(answerColumns(labels, returnProba));
    const rows = Array.from({ length: prediction.predictions.length }, (_, idx) => nextRow + idx);
    const predicted = labels ? prediction.predictions.map((value) => String(value)) : prediction.predictions.map(Number);
    const probaColumns = returnProba && labels ? labels.map((label) => (prediction.probabilities ?? []).map((proba) => proba[String(label)] ?? null)) : [];
    nextRow += rows.length;
    yield { ...result, prediction: undefined, lines: writer.writeRowGroup([rows, predicted, ...probaColumns]) };
  }
  if (writer && last) yield { nRows: 0, classLabels: last.classLabels, lines: writer.finish() };
}

function answerColumns(labels: ClassLabel[] | null, returnProba: boolean): ParquetColumnSpec[] {
  const proba: ParquetColumnSpec[] = returnProba && labels ? labels.map((label) => ({ name: `proba_${String(label)}`, type: 'DOUBLE' })) : [];
  return [{ name: 'row', type: 'INT32' }, { name: 'prediction', type: labels ? 'STRING' : 'DOUBLE' }, ...proba];
}
