import { parseCsvFile, parseNumber } from '@tabula/tabular';
import type { BenchDataset, LabelledMatrix } from './labelled-matrix.js';

const TARGET_COLUMN = 'variety';
/** Every 4th row of each class is held out: a stratified 25 % split with no randomness to seed. */
const TEST_EVERY = 4;

/** samples/iris.csv as a 3-class dataset: four numeric features, class indices in label order. */
export async function loadIrisDataset(path: string): Promise<BenchDataset> {
  const frame = await parseCsvFile(path);
  const targetIdx = frame.columns.indexOf(TARGET_COLUMN);
  const labels = frame.values[targetIdx].map(String);
  const classLabels = [...new Set(labels)].sort();
  const classIdx = labels.map((label) => classLabels.indexOf(label));
  const features = frame.values.filter((_, colIdx) => colIdx !== targetIdx);

  const seenPerClass = classLabels.map(() => 0);
  const isTest = classIdx.map((c) => ++seenPerClass[c] % TEST_EVERY === 0);
  const pick = (wantTest: boolean): LabelledMatrix => {
    const rows = classIdx.flatMap((_, row) => (isTest[row] === wantTest ? [row] : []));
    const X = new Float64Array(rows.length * features.length);
    features.forEach((cells, featureIdx) =>
      rows.forEach((row, i) => {
        const value = parseNumber(cells[row]);
        if (value === null) throw new TypeError(`${path}: row ${row + 1} of column ${featureIdx + 1} is not a number`);
        X[featureIdx * rows.length + i] = value;
      }),
    );
    return { X, nRows: rows.length, nFeatures: features.length, y: Uint8Array.from(rows, (row) => classIdx[row]) };
  };
  return { name: 'iris', nClasses: classLabels.length, train: pick(false), test: pick(true) };
}
