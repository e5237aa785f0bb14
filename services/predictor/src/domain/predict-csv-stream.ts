import type { PredictForm } from '@tabula/contracts';
import type { ModelRef } from './model-registry.js';
import type { StreamFormat } from './output-format.js';
import { encodeParquetAnswer } from './parquet-answer.js';
import type { PredictDeps, PredictionLog } from './predict-deps.js';
import type { ScoreResult } from './score-job.js';
import { readingOf, scoreTableStream } from './score-table-stream.js';

/** An upload (CSV, JSON, NDJSON or Parquet) to stream predictions from: read straight from the socket, or spooled first. */
export interface CsvUpload {
  /** Opens the file's bytes, once. */
  open(): AsyncIterable<Uint8Array>;
  /** Where it was spooled to disk, when it was: Parquet is read from there by ranges. */
  path?: string;
  /**
   * Throws when the form holds what this answer cannot honour (fields that came after a file already
   * being scored): checked before the first rows go out, and again once the form has been read.
   */
  checkForm(): void;
  /** Settles once the whole form has been read. */
  finished: Promise<void>;
}

export interface CsvStreamInput {
  upload: CsvUpload;
  form: PredictForm;
  format: StreamFormat;
  log: PredictionLog;
}

export interface CsvStream {
  /** The version that scores every block, resolved once before the first. */
  model: ModelRef;
  /**
   * Each block's result, in input order; once the last has been taken and the form read whole, the
   * answer is logged and counted. Stopping early (the client went away, an error) counts nothing.
   */
  results: AsyncGenerator<ScoreResult>;
}

/**
 * A streamed answer (format=csv|ndjson|parquet) to an upload in any format: the model is resolved before any row is
 * read, so the answer's status and headers can follow the first block, then blocks are scored as
 * the file comes in and the answer never holds it whole.
 */
export async function predictCsvStream({ upload, form, format, log }: CsvStreamInput, deps: PredictDeps): Promise<CsvStream> {
  const model = await deps.registry.resolve(form.model_name, form.model_version);
  const scoring = { model, columnsToDrop: form.columns_to_drop, returnProba: form.return_proba, format };
  const limits = { ...deps.csvLimits, maxRows: deps.maxStreamedRows > 0 ? deps.maxStreamedRows : Number.POSITIVE_INFINITY };
  async function* results(): AsyncGenerator<ScoreResult> {
    let rows = 0;
    let isFirst = true;
    const scored = scoreTableStream(upload, scoring, deps, limits, readingOf(form));
    for await (const result of format === 'parquet' ? encodeParquetAnswer(scored, form.return_proba) : scored) {
      if (isFirst) upload.checkForm();
      isFirst = false;
      rows += result.nRows;
      yield result;
    }
    await upload.finished;
    upload.checkForm();
    log.info({ model_name: model.name, model_version: model.version, rows, format }, 'predicted');
    deps.recordPrediction(model, rows);
  }
  return { model, results: results() };
}
