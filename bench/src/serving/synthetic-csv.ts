import { createUniformRng } from '@tabula/tabular';
import { writeCsvRows, type WrittenCsv } from '../write-csv-rows.js';

/** The synthetic set: 20 numeric features and a yes/no label that depends on a few of them, non-linearly. */
export const FEATURE_NAMES = Array.from({ length: 20 }, (_, i) => `f${String(i + 1).padStart(2, '0')}`);
export const LABEL_COLUMN = 'label';

const N_FEATURES = FEATURE_NAMES.length;
const TABLE_SIZE = 1024;

/**
 * Feature values are drawn from a fixed table of 1,024 bell-shaped values, pre-formatted, so that
 * writing gigabytes costs string concatenation rather than number formatting.
 */
function valueTable(random: () => number): { values: Float64Array; texts: string[] } {
  const values = new Float64Array(TABLE_SIZE);
  const texts: string[] = [];
  for (let i = 0; i < TABLE_SIZE; i++) {
    const text = ((random() + random() + random() - 1.5) * 2).toFixed(3);
    values[i] = Number(text);
    texts.push(text);
  }
  return { values, texts };
}

function labelOf(x: Float64Array, noise: number): string {
  const score = x[0] + 0.8 * x[1] - 0.6 * x[2] + 0.9 * x[3] * x[4] + (x[5] > 0.5 ? 0.7 : -0.2) + noise;
  return score > 0 ? 'yes' : 'no';
}

export interface SyntheticCsvOptions {
  path: string;
  /** Stop after this many data rows ... */
  rows?: number;
  /** ... or once the file reaches this many bytes (whichever comes first). */
  bytes?: number;
  /** Write the label column (for training); scoring files carry features only. */
  withLabel: boolean;
  seed: number;
}

/** The written file: path, data rows and bytes. */
export type SyntheticCsvFile = WrittenCsv;

/** Streams a synthetic CSV to disk (see writeCsvRows), so memory stays flat at any size. */
export function writeSyntheticCsv(options: SyntheticCsvOptions): Promise<SyntheticCsvFile> {
  const random = createUniformRng(options.seed);
  const { values, texts } = valueTable(random);
  const x = new Float64Array(N_FEATURES);
  const header = `${FEATURE_NAMES.join(',')}${options.withLabel ? `,${LABEL_COLUMN}` : ''}`;
  return writeCsvRows(options.path, header, { rows: options.rows, bytes: options.bytes }, () => {
    let line = '';
    for (let f = 0; f < N_FEATURES; f++) {
      const idx = (random() * TABLE_SIZE) | 0;
      x[f] = values[idx];
      line += f === 0 ? texts[idx] : `,${texts[idx]}`;
    }
    return options.withLabel ? `${line},${labelOf(x, (random() - 0.5) * 0.8)}` : line;
  });
}

/** One record of the synthetic features, for JSON predict. */
export function syntheticRecord(seed: number): Record<string, number> {
  const random = createUniformRng(seed);
  return Object.fromEntries(FEATURE_NAMES.map((name) => [name, Number(((random() - 0.5) * 4).toFixed(3))]));
}
