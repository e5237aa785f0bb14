import { createUniformRng } from '@tabula/tabular';

/**
 * A seeded, made-up classification CSV of any size, for tests that need a training to take a while:
 * eight numeric features (a few missing), one categorical, and a yes/no target that depends on
 * them with noise, so the trees grow deep. Same arguments, same bytes.
 */
export function makeClassificationCsv(nRows: number, seed = 1): string {
  const next = createUniformRng(seed);
  const regions = ['north', 'south', 'east', 'west', 'centre'];
  const lines = ['x1,x2,x3,x4,x5,x6,x7,x8,region,label'];
  for (let row = 0; row < nRows; row++) {
    const x = Array.from({ length: 8 }, () => next() * 10 - 5);
    const region = Math.floor(next() * regions.length);
    const score = x[0] - 0.8 * x[1] + 0.5 * x[2] * x[3] + Math.sin(x[4]) + (region - 2) * 0.7 + (next() - 0.5) * 4;
    const cells = x.map((value) => (next() < 0.02 ? '' : value.toFixed(3)));
    lines.push(`${cells.join(',')},${regions[region]},${score > 0 ? 'yes' : 'no'}`);
  }
  return lines.join('\n') + '\n';
}
