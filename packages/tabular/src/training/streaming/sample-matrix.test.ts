import { describe, expect, it } from '@jest/globals';
import { fitForestBinEdges } from '@tabula/engines';
import { median } from '../../preprocessing/fit-preprocessor.js';
import { createUniformRng } from '../training-rng.js';
import { RowReservoir } from './row-reservoir.js';
import { fitSampleMedians } from './sample-matrix.js';

describe('fitSampleMedians(sample, isTest, featureColumns)', () => {
  it("should give the training rows' medians and imputed matrix, so the edges are fitBinEdges' on the in-memory matrix", () => {
    const rng = createUniformRng(4);
    const nRows = 5_000;
    const sample = new RowReservoir(nRows, 2, rng);
    const columns = [new Float64Array(nRows), new Float64Array(nRows)];
    for (let row = 0; row < nRows; row++) {
      const slot = sample.offer();
      for (let f = 0; f < 2; f++) {
        const x = rng() < 0.03 ? NaN : Math.round(rng() * 1e4) / 100;
        sample.values[slot * 2 + f] = x;
        columns[f][row] = x;
      }
    }
    const isTest = Uint8Array.from({ length: nRows }, (_, row) => (row % 5 === 0 ? 1 : 0));
    const { medians, sampleX, nSample } = fitSampleMedians(sample, isTest, ['a', 'b']);

    // The in-memory path: training rows in file order, medians of their present values, missing imputed.
    const trainRows = Array.from({ length: nRows }, (_, row) => row).filter((row) => isTest[row] === 0);
    const expectedMedians = columns.map((column) => median(trainRows.map((row) => column[row]).filter((x) => !Number.isNaN(x))));
    const X = new Float64Array(2 * trainRows.length);
    columns.forEach((column, f) => trainRows.forEach((row, i) => (X[f * trainRows.length + i] = Number.isNaN(column[row]) ? expectedMedians[f] : column[row])));

    expect(nSample).toBe(trainRows.length);
    expect(Array.from(medians)).toEqual(expectedMedians);
    expect(sampleX).toEqual(X);
    expect(fitForestBinEdges(sampleX, nSample, 2, 3)).toEqual(fitForestBinEdges(X, trainRows.length, 2, 3));
  });
});
