import type { CsvDialect, PredictForm, TableFormatType } from '@tabula/contracts';
import { dialectOverridesOf, openTableStream, planParquetRanges, type Frame, type TableSource } from '@tabula/tabular';
import type { CsvLimits } from './csv-limits.js';
import { csvHeaderLine, formatRows, jobFormatOf } from './output-format.js';
import { scoreCsvStream, type CsvScoring } from './predict-csv.js';
import type { PredictDeps } from './predict-deps.js';
import { resultsInOrder, type StartedJob } from './results-in-order.js';
import type { ScoreResult } from './score-job.js';

/** Rows of a JSON, NDJSON or Parquet upload scored as one `frame` job: about a CSV block's worth of a 20-column file. */
export const FRAME_ROWS = 8192;

/**
 * At most this many rows of a spooled Parquet file are read and scored as one `parquet-range` job: some 20 MB of
 * a 20-column numeric range, read, decoded and scored by one worker, so the hop and the footer read it repeats are
 * paid a few times per million rows.
 */
export const PARQUET_RANGE_ROWS = 131_072;

/** How the request asks for the file to be read: input_format, and the CSV dialect parts it forces (csv_options). */
export interface TableReading {
  inputFormat?: TableFormatType;
  overrides?: Partial<CsvDialect>;
}

/**
 * How a prediction form asks for its file to be read: the one place the predictor's upload paths take
 * input_format and csv_options' dialect parts (`overrides`) from the form.
 */
export function readingOf(form: PredictForm): TableReading {
  return { inputFormat: form.input_format, overrides: dialectOverridesOf(form.csv_options) };
}

/**
 * Decode → score → encode for an upload in any format: the format is sniffed from the bytes
 * (openTableStream); a CSV stays on the CSV block path (scoreCsvStream); a Parquet file spooled to disk is
 * cut into ranges of rows from its footer alone, each read, decoded and scored by a worker
 * (`parquet-range` jobs), as a CSV's blocks are parsed there; JSON, NDJSON and a Parquet file held in
 * memory come as frames of FRAME_ROWS rows, scored as `frame` jobs. Several jobs are in flight, and
 * results come in input order. A streamed answer's lines of a frame are written here, as the other paths'
 * are in the worker.
 */
export async function* scoreTableStream(
  source: TableSource,
  scoring: CsvScoring,
  deps: Pick<PredictDeps, 'scoreRows' | 'parallelism' | 'formatLimits'>,
  limits: CsvLimits,
  { inputFormat, overrides }: TableReading,
): AsyncGenerator<ScoreResult> {
  const table = await openTableStream(source, {
    forced: inputFormat,
    overrides,
    formatLimits: deps.formatLimits,
    limits: { maxRows: limits.maxRows, maxColumns: limits.maxColumns },
    batchRows: FRAME_ROWS,
  });
  if (table.kind === 'csv') {
    yield* scoreCsvStream(table.text, scoring, deps, limits, table.dialect);
    return;
  }
  if (table.parquetPath !== undefined) {
    yield* scoreParquetRanges(table.parquetPath, scoring, deps, limits);
    return;
  }
  yield* scoreFrames(table.frames, scoring, deps);
}

async function* scoreParquetRanges(path: string, scoring: CsvScoring, { scoreRows, parallelism }: Pick<PredictDeps, 'scoreRows' | 'parallelism'>, limits: CsvLimits): AsyncGenerator<ScoreResult> {
  // The footer is checked here, before any job starts: a bad file is refused before the first row is scored.
  const ranges = await planParquetRanges(path, { maxRows: limits.maxRows, maxColumns: limits.maxColumns }, PARQUET_RANGE_ROWS);
  async function* jobs(): AsyncGenerator<StartedJob> {
    for (const range of ranges) {
      yield { result: scoreRows({ kind: 'parquet-range', path, range, ...scoring, format: jobFormatOf(scoring.format) }) };
    }
  }
  yield* resultsInOrder(jobs(), parallelism + 1);
}

async function* scoreFrames(frames: AsyncIterable<Frame>, scoring: CsvScoring, { scoreRows, parallelism }: Pick<PredictDeps, 'scoreRows' | 'parallelism'>): AsyncGenerator<ScoreResult> {
  const { model, columnsToDrop, returnProba, format } = scoring;
  const toAnswer = async (job: Promise<ScoreResult>, firstRow: number): Promise<ScoreResult> => {
    const result = await job;
    if (format === 'json' || format === 'parquet' || !result.prediction) return result;
    const lines = new TextEncoder().encode(formatRows(format, result.prediction, firstRow, result.classLabels));
    const headerLine = format === 'csv' ? csvHeaderLine(result.classLabels, returnProba) : undefined;
    return { ...result, prediction: undefined, lines, headerLine };
  };
  async function* jobs(): AsyncGenerator<StartedJob> {
    for await (const frame of frames) yield { result: toAnswer(scoreRows({ kind: 'frame', model, frame, columnsToDrop, returnProba }), frame.firstRow ?? 1) };
  }
  yield* resultsInOrder(jobs(), parallelism + 1);
}
