import { createUniformRng } from '@tabula/tabular';
import { writeCsvRows, type WrittenCsv } from '../write-csv-rows.js';

/** The target column, as in the public credit-card fraud set: 1 for fraud. */
export const CREDIT_CARD_TARGET = 'Class';
const N_COMPONENTS = 28;
const HEADER = ['Time', ...Array.from({ length: N_COMPONENTS }, (_, i) => `V${i + 1}`), 'Amount', CREDIT_CARD_TARGET].join(',');
/** 492 frauds in 284,807 transactions, as in the public set. */
const FRAUD_SHARE = 492 / 284_807;
/** Two days of seconds, the public set's span of Time. */
const SPAN_SECONDS = 172_792;
/**
 * Per-component mean shift of a fraud: clear on a few components, slight on six more, none on the rest, so the
 * classes overlap (a Bayes ROC AUC near 0.97, as forests reach on the public set) rather than separating perfectly.
 */
const FRAUD_SHIFT = Array.from({ length: N_COMPONENTS }, (_, i) => (i < 6 ? [-1.2, 1, -1.5, 1.1, -0.8, -0.6][i] : i < 12 ? 0.3 : 0));

export interface CreditCardCsvOptions {
  path: string;
  rows: number;
  /**
   * Decimals of the 28 components: 15 makes 284,807 rows about 150 MB, as the public file's full-precision
   * floats do; 5 makes 10 million rows about 2.5 GB.
   */
  decimals: number;
  seed: number;
}

/**
 * A credit-card-like CSV (the shape of the public fraud set, not its data): Time in seconds over two days,
 * 28 standardized components V1..V28, Amount (log-normal, cents), and a rare binary Class whose frauds shift
 * a few components. Streamed to disk, so 10 million rows cost no memory.
 */
export function writeCreditCardCsv({ path, rows, decimals, seed }: CreditCardCsvOptions): Promise<WrittenCsv> {
  const random = createUniformRng(seed);
  // Box-Muller: 1 - random() keeps log's argument in (0, 1].
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return writeCsvRows(path, HEADER, { rows }, (row) => {
    const isFraud = random() < FRAUD_SHARE;
    let line = String(Math.floor((row * SPAN_SECONDS) / rows));
    for (let i = 0; i < N_COMPONENTS; i++) line += `,${(gaussian() + (isFraud ? FRAUD_SHIFT[i] : 0)).toFixed(decimals)}`;
    return `${line},${Math.exp(3 + 1.4 * gaussian()).toFixed(2)},${isFraud ? 1 : 0}`;
  });
}
