export type { Frame } from './frame.js';
export { frameFromRecords } from './frame.js';
export type { RawValue } from './csv/cell-value.js';
export { MISSING_TOKENS, normalizeCell, parseNumber } from './csv/cell-value.js';
export type { CsvOptions, ParsedCsv } from './csv/parse-csv.js';
export { parseCsv, parseCsvBytes, parseCsvFile } from './csv/parse-csv.js';
export type { CsvByteLimits, RecordDelimiter, RecordEnds } from './csv/csv-byte-scanner.js';
export { CsvByteScanner } from './csv/csv-byte-scanner.js';
export type { CsvBlock } from './csv/split-csv-blocks.js';
export { splitCsvBlocks } from './csv/split-csv-blocks.js';
export type { CsvBatchOptions } from './csv/read-csv-batches.js';
export { readCsvBatches } from './csv/read-csv-batches.js';
export type { PreparedCsvText } from './formats/text/prepare-csv-text.js';
export { prepareCsvText } from './formats/text/prepare-csv-text.js';
export type { TrainTabularInput, TrainTabularResult } from './training/train-tabular-model.js';
export { trainTabularModel } from './training/train-tabular-model.js';
export type { LoadOptions, Prediction, TabularModel } from './tabular-model.js';
export { loadTabularModel } from './tabular-model.js';
export { checkSignatureLimits } from './check-model-limits.js';
export { MODEL_FILE_NAME, MODEL_FORMAT_VERSION, describeModelArrays } from './model-file.js';
export { classificationMetrics } from './metrics/classification-metrics.js';
export { regressionMetrics } from './metrics/regression-metrics.js';
export { rocAuc } from './metrics/roc-auc.js';
export { checkMinMetrics } from './metrics/check-min-metrics.js';
export { buildDriftReference, compareWithReference } from './monitoring/drift-reference.js';
export type { DriftComparison, DriftThresholds } from './monitoring/drift-reference.js';
export { evaluateLabelledFrame } from './monitoring/evaluate-labelled-frame.js';
export type { LabelledScores } from './monitoring/evaluate-labelled-frame.js';
// Named apart from @tabula/engines' createRng (xoshiro128**): a different generator (mulberry32) whose draws every
// split, fold and resample of a training repeats from (see training/training-rng.ts).
export { createUniformRng } from './training/training-rng.js';
export type { UniformRng } from './training/training-rng.js';
// Training a file too large to hold, in two passes (docs/operations.md, "Training large files").
export type { StreamingTrainInput, StreamingTrainResult } from './training/streaming/train-streaming-model.js';
export { trainStreamingModel } from './training/streaming/train-streaming-model.js';
