import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** Writes a column-major matrix plus one label column as CSV (shortest round-trip number text). */
export async function writeMatrixCsv(path: string, X: Float64Array, nRows: number, nFeatures: number, y: ArrayLike<number>): Promise<void> {
  const out = createWriteStream(path);
  out.write(Array.from({ length: nFeatures }, (_, f) => `x${f}`).join(',') + ',y\n');
  const fields = new Array<string>(nFeatures + 1);
  for (let row = 0; row < nRows; row++) {
    for (let f = 0; f < nFeatures; f++) fields[f] = String(X[f * nRows + row]);
    fields[nFeatures] = String(y[row]);
    if (!out.write(fields.join(',') + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
