import type { ClassLabel } from '@tabula/contracts';
import { parseCsvBlock, readParquetRange, type CsvBlock, type Frame, type ParquetRange, type Prediction } from '@tabula/tabular';
import type { ModelRef, ModelRegistry } from './model-registry.js';
import { csvHeaderLine, formatRows, type OutputFormat } from './output-format.js';
import { dropColumns } from './drop-columns.js';

/**
 * One unit of scoring work, small enough to structured-clone to a worker thread: a block of an
 * uploaded CSV, a range of rows of a spooled Parquet file (decoded by the thread that scores it), an
 * already decoded frame (JSON records), or "load this model" (warm-up).
 */
export type ScoreJob =
  | { kind: 'csv-block'; model: ModelRef; block: CsvBlock; columnsToDrop: string[]; returnProba: boolean; format: OutputFormat }
  | { kind: 'parquet-range'; model: ModelRef; path: string; range: ParquetRange; columnsToDrop: string[]; returnProba: boolean; format: OutputFormat }
  | { kind: 'frame'; model: ModelRef; frame: Frame; columnsToDrop: string[]; returnProba: boolean }
  | { kind: 'load'; model: ModelRef };

export interface ScoreResult {
  /** For JSON answers (format json, frames). */
  prediction?: Prediction;
  /** For streamed answers: the block's lines, UTF-8, and the header line the stream starts with. */
  lines?: Uint8Array;
  headerLine?: string;
  nRows: number;
  classLabels: ClassLabel[] | null;
  /** Names in columns_to_drop that the input lacks, ignored (the same for every block of a file). */
  ignoredColumns?: string[];
  /** Set when this job loaded the model from disk (a cold start), in milliseconds. */
  coldLoadMs?: number;
}

/**
 * The scoring port the data plane needs: run one job and give its result, wherever the
 * implementation chooses to run it (scoring/scorer.ts: inline when small, else on a worker thread).
 */
export type ScoreRows = (job: ScoreJob) => Promise<ScoreResult>;

/** Runs a job against a registry; the same code runs inline on the main thread and in a worker. */
export async function runScoreJob(job: ScoreJob, registry: ModelRegistry): Promise<ScoreResult> {
  const { loaded, wasCold } = await registry.get(job.model);
  const model = loaded.model;
  const coldLoadMs = wasCold ? loaded.loadMs : undefined;
  if (job.kind === 'load') return { nRows: 0, classLabels: model.classLabels, coldLoadMs };
  if (job.kind === 'frame') {
    const { frame, absent } = dropColumns(job.frame, job.columnsToDrop);
    const prediction = model.predict(frame, { returnProba: job.returnProba });
    return { prediction, nRows: frame.nRows, classLabels: model.classLabels, ignoredColumns: absent, coldLoadMs };
  }
  const parsed = job.kind === 'parquet-range' ? await readParquetRange(job.path, job.range) : parseCsvBlock(job.block, { columnKind: numericColumnsOf(model) });
  const { frame, absent } = dropColumns(parsed, job.columnsToDrop);
  const prediction = model.predict(frame, { returnProba: job.returnProba });
  if (job.format === 'json') return { prediction, nRows: frame.nRows, classLabels: model.classLabels, ignoredColumns: absent, coldLoadMs };
  return {
    lines: new TextEncoder().encode(formatRows(job.format, prediction, parsed.firstRow ?? 1, model.classLabels)),
    headerLine: job.format === 'csv' ? csvHeaderLine(model.classLabels, job.returnProba) : undefined,
    nRows: frame.nRows,
    classLabels: model.classLabels,
    ignoredColumns: absent,
    coldLoadMs,
  };
}

/**
 * The model knows its numeric features: their CSV cells go from bytes to numbers, never strings (a cell
 * that is no number keeps its text, for transformFrame to name as before). Parquet cells come typed.
 */
function numericColumnsOf(model: { features: ReadonlyArray<{ name: string; type: string }> }): (name: string) => 'number' | 'text' {
  const numeric = new Set(model.features.filter((feature) => feature.type === 'numeric').map((feature) => feature.name));
  return (name) => (numeric.has(name) ? 'number' : 'text');
}
