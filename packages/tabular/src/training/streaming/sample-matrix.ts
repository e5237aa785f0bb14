import type { Frame } from '../../frame.js';
import { median } from '../../preprocessing/fit-preprocessor.js';
import type { RowReservoir } from './row-reservoir.js';

/** Rows of the sample the drift reference is built from: its deciles and 101 quantiles need no more. */
export const DRIFT_SAMPLE_ROWS = 50_000;

export interface SampleFit {
  /** Per feature, the median of the sample's present training values (the imputation value). */
  medians: Float64Array;
  /** Float64Array (nFeatures * nSample,), column-major: the sample's training rows in file order, imputed. */
  sampleX: Float64Array;
  nSample: number;
}

/**
 * The sample's training rows as the in-memory path's training matrix would hold them: medians fitted
 * on their present values (fitPreprocessor's rule), missing cells imputed. When the sample holds every
 * usable row, this is exactly that matrix, so fitting bin edges on it gives the in-memory edges.
 */
export function fitSampleMedians(sample: RowReservoir, isTest: Uint8Array, featureColumns: string[]): SampleFit {
  const nFeatures = featureColumns.length;
  const slots = Array.from(sample.slotsInOrder()).filter((slot) => isTest[sample.positions[slot]] === 0);
  const nSample = slots.length;
  const sampleX = new Float64Array(nFeatures * nSample);
  const medians = new Float64Array(nFeatures);
  for (let f = 0; f < nFeatures; f++) {
    const present: number[] = [];
    for (const slot of slots) {
      const x = sample.values[slot * nFeatures + f];
      if (x === x) present.push(x);
    }
    medians[f] = median(present);
    for (let i = 0; i < nSample; i++) {
      const x = sample.values[slots[i] * nFeatures + f];
      sampleX[f * nSample + i] = x === x ? x : medians[f];
    }
  }
  return { medians, sampleX, nSample };
}

/** Distinct present values of feature f in the sample (-1: not a feature, 0 then). */
export function countSampleDistinct(sample: RowReservoir, f: number): number {
  if (f < 0) return 0;
  const distinct = new Set<number>();
  for (let slot = 0; slot < sample.size; slot++) {
    const x = sample.values[slot * sample.width + f];
    if (x === x) distinct.add(x);
  }
  return distinct.size;
}

/** The first DRIFT_SAMPLE_ROWS rows of the sample (a uniform sample themselves), in file order, as a frame of the features. */
export function sampleFrame(sample: RowReservoir, featureColumns: string[]): Frame {
  const slots = sample.slotsInOrder().filter((slot) => slot < DRIFT_SAMPLE_ROWS);
  const width = sample.width;
  const values = featureColumns.map((_, f) =>
    Array.from(slots, (slot) => {
      const x = sample.values[slot * width + f];
      return x === x ? x : null;
    }),
  );
  return { columns: featureColumns, nRows: slots.length, values };
}
