import { createRng, type SeededRng } from '@tabula/engines';

/**
 * A seeded port of scikit-learn's make_classification (hypercube clusters, per-cluster random linear
 * mixing, redundant combinations, pure-noise features, flipped labels), enough to benchmark on data of
 * the same shape and difficulty. X is column-major like every engine input.
 */
export interface ClassificationSpec {
  nRows: number;
  nFeatures: number;
  nInformative: number;
  nRedundant: number;
  /** Fraction of rows in class 0; the rest is class 1. */
  majorityWeight: number;
  /** Fraction of labels replaced by a random class. */
  flipY: number;
  classSep: number;
  seed: number;
}

function gaussian(rng: SeededRng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat());
}

export function makeClassification(spec: ClassificationSpec): { X: Float64Array; y: Uint8Array } {
  const { nRows, nFeatures, nInformative, nRedundant, classSep } = spec;
  const rng = createRng(spec.seed);
  const clustersPerClass = 2;
  const nClusters = 2 * clustersPerClass;
  // Distinct hypercube vertices as cluster centroids, ±classSep on each informative axis.
  const vertices = new Set<number>();
  while (vertices.size < nClusters) vertices.add(rng.nextBelow(2 ** nInformative));
  const centroids = [...vertices].map((v) => Array.from({ length: nInformative }, (_, i) => ((v >> i) & 1 ? classSep : -classSep)));
  const mixing = centroids.map(() => Array.from({ length: nInformative * nInformative }, () => 2 * rng.nextFloat() - 1));
  const redundant = Array.from({ length: nInformative * nRedundant }, () => 2 * rng.nextFloat() - 1);
  const columns = Array.from({ length: nFeatures }, () => rng.nextBelow(2 ** 30)).map((key, f) => ({ key, f }));
  const order = columns.sort((a, b) => a.key - b.key).map((c) => c.f);
  const X = new Float64Array(nRows * nFeatures);
  const y = new Uint8Array(nRows);
  const z = new Float64Array(nInformative);
  const row = new Float64Array(nFeatures);
  for (let r = 0; r < nRows; r++) {
    const label = rng.nextFloat() < spec.majorityWeight ? 0 : 1;
    const cluster = label * clustersPerClass + rng.nextBelow(clustersPerClass);
    for (let i = 0; i < nInformative; i++) z[i] = gaussian(rng);
    for (let j = 0; j < nInformative; j++) {
      let s = centroids[cluster][j];
      for (let i = 0; i < nInformative; i++) s += z[i] * mixing[cluster][i * nInformative + j];
      row[j] = s;
    }
    for (let j = 0; j < nRedundant; j++) {
      let s = 0;
      for (let i = 0; i < nInformative; i++) s += row[i] * redundant[i * nRedundant + j];
      row[nInformative + j] = s;
    }
    for (let j = nInformative + nRedundant; j < nFeatures; j++) row[j] = gaussian(rng);
    y[r] = rng.nextFloat() < spec.flipY ? rng.nextBelow(2) : label;
    for (let j = 0; j < nFeatures; j++) X[order[j] * nRows + r] = row[j];
  }
  return { X, y };
}
