import type { FormatLimits } from '@tabula/contracts';
import type { CsvLimits } from './csv-limits.js';
import type { ModelSchemaResponse } from '@tabula/contracts';
import type { ModelRef, ModelRegistry } from './model-registry.js';
import type { ScoreRows } from './score-job.js';

/** The metrics port: a prediction request answered with `rows` rows by this version (scoring/predictor-metrics.ts counts them). */
export type RecordPrediction = (model: ModelRef, rows: number) => void;

/** The request's log (its pino child, which carries the request id): the one line the data plane writes per answer. */
export interface PredictionLog {
  info(fields: object, message: string): void;
}

/**
 * What every prediction needs besides its input: the registry that pins name@ref to a version
 * once per request, the scoring port, the metrics port, and the limits of what it accepts.
 */
export interface PredictDeps {
  registry: Pick<ModelRegistry, 'resolve'>;
  scoreRows: ScoreRows;
  /** The input schema of a resolved version (SignatureCache: read once per version), which JSON records are checked against. */
  readSignature: (model: ModelRef) => Promise<ModelSchemaResponse>;
  /** How many scoring jobs may be in flight at once to keep every scoring thread busy. */
  parallelism: number;
  recordPrediction: RecordPrediction;
  /** MAX_ROWS, MAX_COLUMNS, MAX_HEADER_BYTES, MAX_CELL_BYTES; MAX_ROWS bounds JSON answers, which hold every prediction. */
  csvLimits: CsvLimits;
  /** MAX_STREAMED_ROWS: rows of a streamed answer, whose memory stays flat; 0 for no limit. */
  maxStreamedRows: number;
  /** MAX_JSON_ROWS: rows of a JSON body (POST /predict, /predict_batch). */
  maxJsonRows: number;
  /** MAX_DECOMPRESSED_MB and MAX_JSON_ARRAY_MB: bounds of compressed and JSON-array uploads. */
  formatLimits: FormatLimits;
}
