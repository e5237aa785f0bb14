import { invalidCsv, tooManyRows, type Task } from '@tabula/contracts';
import { ByteDigest } from '../../byte-digest.js';
import { parseNumber } from '../../csv/cell-value.js';
import { readCsvBatches, type CsvBatchOptions } from '../../csv/read-csv-batches.js';
import { selectFeatureColumns } from '../../preprocessing/select-feature-columns.js';
import { RowReservoir } from './row-reservoir.js';
import { StreamedColumnStats } from './streamed-column-stats.js';
import { StreamedTargetEncoder, type StreamedTarget } from './streamed-target.js';
import type { UniformRng } from '../training-rng.js';

export interface ScanOptions {
  targetColumn: string;
  columnsToDrop: string[];
  task: Task;
  /** Rows the sample keeps, given the number of feature columns. */
  sampleRows: (nFeatures: number) => number;
  sampleRng: UniformRng;
  maxClasses?: number;
  /** MAX_ROWS: a file with more data rows is refused (413) as soon as one more is read. */
  maxRows?: number;
  csv?: CsvBatchOptions;
  /** Hears of the rows read so far, once a batch. */
  onRows?: (nRows: number) => void;
}

/** What pass 1 learns of a file whose features are all numeric. */
export interface ScannedFile {
  kind: 'numeric';
  columns: string[];
  featureColumns: string[];
  nFileRows: number;
  bytes: number;
  sha256: string;
  /** Uint8Array (nFileRows,): 1 where the target is present (a usable row), in file order. */
  isUsable: Uint8Array;
  target: StreamedTarget;
  /** A uniform sample of the usable rows' features (NaN for missing), with their positions among the usable rows. */
  sample: RowReservoir;
  /** Per file column, in file order. */
  stats: StreamedColumnStats[];
}

/** A feature column holds text: the streaming path does not fit categorical features, so the caller trains in memory. */
export interface CategoricalFound {
  kind: 'categorical';
  column: string;
}

/**
 * Pass 1 of the streaming training path: reads the CSV as batches of records and keeps per row only
 * what must cover every row (whether the target is present, the target's code or value), plus a
 * bounded row sample and per-column figures. The bytes are hashed as they are read. Stops at the
 * first text cell of a feature column (a usable row's), as inferFeatureTypes would call it categorical.
 */
export async function scanTrainingFile(source: AsyncIterable<Uint8Array>, options: ScanOptions): Promise<ScannedFile | CategoricalFound> {
  const { targetColumn, columnsToDrop, task, maxRows = Infinity, onRows } = options;
  const digest = new ByteDigest();
  const encoder = new StreamedTargetEncoder(task, targetColumn, options.maxClasses);
  let isUsable: Uint8Array = new Uint8Array(1 << 16);
  let nFileRows = 0;
  let layout: { columns: string[]; featureColumns: string[]; featureIdx: number[]; targetIdx: number } | undefined;
  let sample: RowReservoir | undefined;
  let stats: StreamedColumnStats[] = [];

  // Feature cells come as numbers straight from the bytes (a text cell stays text, which the check below finds); the
  // target and dropped columns stay text, so labels and the report's values keep their spelling ("1.0" is not "1").
  const columnKind = (name: string) => (name === targetColumn || columnsToDrop.includes(name) ? 'text' : 'number');
  for await (const frame of readCsvBatches(digest.tap(source), { ...options.csv, columnKind })) {
    if (layout === undefined) {
      const featureColumns = selectFeatureColumns(frame.columns, targetColumn, columnsToDrop);
      layout = { columns: frame.columns, featureColumns, featureIdx: featureColumns.map((name) => frame.columns.indexOf(name)), targetIdx: frame.columns.indexOf(targetColumn) };
      sample = new RowReservoir(options.sampleRows(featureColumns.length), featureColumns.length, options.sampleRng);
      stats = frame.columns.map((name) => {
        const role = name === targetColumn ? 'target' : columnsToDrop.includes(name) ? 'dropped' : 'feature';
        return new StreamedColumnStats(name, role, role !== 'feature');
      });
    }
    if (nFileRows + frame.nRows > maxRows) throw tooManyRows(maxRows);
    if (nFileRows + frame.nRows > isUsable.length) isUsable = grow(isUsable, nFileRows + frame.nRows);
    frame.values.forEach((cells, colIdx) => stats[colIdx].addCells(cells));
    const { featureIdx } = layout;
    const targetCells = frame.values[layout.targetIdx];
    const featureCells = featureIdx.map((colIdx) => frame.values[colIdx]);
    const reservoir = sample as RowReservoir;
    const width = featureIdx.length;
    for (let row = 0; row < frame.nRows; row++) {
      if (!encoder.add(targetCells[row], nFileRows + row + 1)) continue;
      isUsable[nFileRows + row] = 1;
      const slot = reservoir.offer();
      for (let f = 0; f < width; f++) {
        const cell = featureCells[f][row];
        const x = cell === null ? NaN : parseNumber(cell);
        if (x === null) return { kind: 'categorical', column: layout.featureColumns[f] };
        if (slot >= 0) reservoir.values[slot * width + f] = x;
      }
    }
    nFileRows += frame.nRows;
    onRows?.(nFileRows);
  }
  if (layout === undefined) throw invalidCsv('The CSV has no data rows.', { hint: 'Send a header line and at least one row of data.' });
  const { columns, featureColumns } = layout;
  return {
    kind: 'numeric',
    columns,
    featureColumns,
    nFileRows,
    ...digest.result(),
    isUsable: isUsable.subarray(0, nFileRows),
    target: encoder.finish(),
    sample: sample as RowReservoir,
    stats,
  };
}

function grow(array: Uint8Array, atLeast: number): Uint8Array {
  const grown = new Uint8Array(Math.max(atLeast, array.length * 2));
  grown.set(array);
  return grown;
}
