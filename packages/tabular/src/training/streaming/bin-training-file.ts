import { mapToBins, type BinEdges } from '@tabula/engines';
import { parseNumber } from '../../csv/cell-value.js';
import { readCsvBatches, type CsvBatchOptions } from '../../csv/read-csv-batches.js';

/** A usable row pass 2 leaves out (a test row beyond the evaluation sample); rows with a code ≥ 0 are training rows. */
export const SKIPPED_ROW = -1;
/** The code of evaluation row e: -(e + 2). */
export const toEvalCode = (evalIdx: number) => -(evalIdx + 2);

export interface BinPassInput {
  featureColumns: string[];
  /** Uint8Array (nFileRows,): 1 for a usable row (pass 1). */
  isUsable: Uint8Array;
  /** Int32Array (nUsable,): per usable row its training index (≥ 0), toEvalCode(e), or SKIPPED_ROW. */
  rowCodes: Int32Array;
  nTrain: number;
  nEval: number;
  /** Per feature, the value a missing cell takes (the training median): the preprocessing's imputation. */
  medians: Float64Array;
  edges: BinEdges;
  csv?: CsvBatchOptions;
  onRows?: (nRows: number) => void;
}

export interface BinnedFile {
  /** Uint8Array (nFeatures * nTrain,), column-major: the training rows' bins, in file order. */
  binned: Uint8Array;
  /** Float64Array (nFeatures * nEval,), column-major: the evaluation rows' imputed values, in file order. */
  evalX: Float64Array;
}

/**
 * Pass 2 of the streaming training path: reads the file again and writes each training row as one
 * byte per feature (mapToBins with the edges fitted on the sample, after median imputation, so the
 * bytes are those the in-memory path would bin its matrix to) and keeps the few evaluation rows as
 * floats. Memory: the two outputs plus one batch; the floats of the training rows are never held.
 */
export async function binTrainingFile(source: AsyncIterable<Uint8Array>, input: BinPassInput): Promise<BinnedFile> {
  const { isUsable, rowCodes, nTrain, nEval, medians, edges, onRows } = input;
  const nFeatures = input.featureColumns.length;
  const binned = new Uint8Array(nFeatures * nTrain);
  const evalX = new Float64Array(nFeatures * nEval);
  let fileRow = 0;
  let position = 0;
  let trainDone = 0;
  // Feature cells come as numbers straight from the bytes (pass 1 found them all numeric); other columns are not read.
  const features = new Set(input.featureColumns);
  const columnKind = (name: string) => (features.has(name) ? 'number' : 'text');
  for await (const frame of readCsvBatches(source, { ...input.csv, columnKind })) {
    const cells = input.featureColumns.map((name) => frame.values[frame.columns.indexOf(name)]);
    // The batch's training rows are consecutive in the training matrix: imputed into a batch matrix, binned at once.
    const trainRows: number[] = [];
    for (let row = 0; row < frame.nRows; row++) {
      if (isUsable[fileRow + row] === 0) continue;
      const code = rowCodes[position++];
      if (code >= 0) trainRows.push(row);
      else if (code !== SKIPPED_ROW) {
        const evalIdx = -code - 2;
        for (let f = 0; f < nFeatures; f++) evalX[f * nEval + evalIdx] = valueOf(cells[f][row], medians[f]);
      }
    }
    const k = trainRows.length;
    if (k > 0) {
      const batchX = new Float64Array(nFeatures * k);
      for (let f = 0; f < nFeatures; f++) for (let i = 0; i < k; i++) batchX[f * k + i] = valueOf(cells[f][trainRows[i]], medians[f]);
      const batchBins = mapToBins(batchX, k, edges);
      for (let f = 0; f < nFeatures; f++) binned.set(batchBins.subarray(f * k, (f + 1) * k), f * nTrain + trainDone);
      trainDone += k;
    }
    fileRow += frame.nRows;
    onRows?.(fileRow);
  }
  if (fileRow !== isUsable.length || trainDone !== nTrain) {
    throw new Error(`the file changed between the passes: ${fileRow} rows and ${trainDone} training rows read, ${isUsable.length} and ${nTrain} expected`);
  }
  return { binned, evalX };
}

/** A cell as the preprocessing reads it: missing becomes the median; pass 1 checked that every present cell is a number. */
function valueOf(cell: string | number | boolean | null, median: number): number {
  return cell === null ? median : (parseNumber(cell) as number);
}
