import {
  OTHER_CATEGORY,
  type CategoricalReference,
  type DriftReference,
  type DriftStatus,
  type FeatureSpec,
  type FeatureDrift,
  type NumericReference,
} from '@tabula/contracts';
import { parseNumber, type RawValue } from '../csv/cell-value.js';
import type { Frame } from '../frame.js';
import { parseDateTime } from '../preprocessing/parse-date-time.js';
import type { TabularModel } from '../tabular-model.js';
import { chiSquareTest, ksPValue, ksStatistic, populationStabilityIndex } from './drift-statistics.js';

/** Deciles: ten bins, as Evidently's default PSI bins on the reference data. */
const BIN_LEVELS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
/** 101 quantiles (every percentile) stand in for the training values in the KS test: a bounded, fixed-size sketch. */
const SKETCH_SIZE = 101;
/** Categories kept by name; rarer ones share OTHER_CATEGORY, which bounds the metadata of a high-cardinality column. */
const MAX_CATEGORIES = 50;

export interface DriftThresholds {
  psi_warn: number;
  psi_drift: number;
  /** A PSI past a threshold counts only when the feature's test also has a p-value below this. */
  p_value: number;
}

export interface DriftComparison {
  status: DriftStatus;
  features: Record<string, FeatureDrift>;
  score: FeatureDrift & { kind: string; label: string | null };
}

/**
 * Describes the data a model was trained on, for later drift checks: each feature of the model,
 * and the model's own score on those rows. Built once at training time and stored with the version.
 */
export function buildDriftReference(frame: Frame, model: TabularModel): DriftReference {
  // Object.fromEntries throughout: a column or category named "__proto__" stays an own key.
  const features: DriftReference['features'] = Object.fromEntries(
    model.features.map((feature) => {
      const values = columnOf(frame, feature.name);
      return [feature.name, feature.type === 'categorical' ? categoricalReference(values) : numericReference(numbersOf(values, feature.type))];
    }),
  );
  const score = scoreOf(model, frame);
  return { features, score: { ...numericReference(score), kind: score.kind, label: score.label } };
}

/**
 * Compares a frame with a reference: per feature PSI plus KS (numeric) or chi-square (categorical),
 * and the same for the model's score on the frame. Each gets ok, warn or drift by its PSI, once its
 * test says the difference is more than sampling noise: over ten bins, a sample of 50 rows drawn
 * from the training distribution itself has an expected PSI near 0.2 (about 9/n), which would
 * read as drift on every small upload. PSI says how much, the test whether it is real.
 */
export function compareWithReference(reference: DriftReference, frame: Frame, model: TabularModel, thresholds: DriftThresholds): DriftComparison {
  // Scoring first checks that the frame has every feature column, with the usual clear error.
  const score = scoreOf(model, frame);
  const statusOf = ({ psi, ks_p_value, chi_square_p_value }: Unrated): DriftStatus => {
    const pValue = ks_p_value ?? chi_square_p_value;
    if (pValue !== undefined && pValue >= thresholds.p_value) return 'ok';
    return psi >= thresholds.psi_drift ? 'drift' : psi >= thresholds.psi_warn ? 'warn' : 'ok';
  };
  const features: Record<string, FeatureDrift> = Object.fromEntries(
    model.features.flatMap((feature) => {
      if (!Object.hasOwn(reference.features, feature.name)) return [];
      const stored = reference.features[feature.name];
      const values = columnOf(frame, feature.name);
      const drift = stored.type === 'numeric' ? compareNumeric(stored, numbersOf(values, feature.type)) : compareCategorical(stored, values);
      return [[feature.name, { ...drift, status: statusOf(drift) }]];
    }),
  );
  const scoreDrift = compareNumeric(reference.score, score);
  const scoreReport = { ...scoreDrift, status: statusOf(scoreDrift), kind: reference.score.kind, label: reference.score.label };
  return { status: worst([...Object.values(features).map((f) => f.status), scoreReport.status]), features, score: scoreReport };
}

type Unrated = Omit<FeatureDrift, 'status'>;

function compareNumeric(reference: NumericReference, current: NumberColumn): Unrated {
  const sorted = Float64Array.from(current.present).sort();
  const psi = populationStabilityIndex(reference.proportions, binShares(sorted, reference.edges));
  const base = { type: 'numeric' as const, n: sorted.length, missing: current.missing, psi };
  if (sorted.length === 0 || reference.n === 0) return base;
  // The sketch stands for the reference sample; the p-value uses the true reference size, n.
  const ks = ksStatistic(reference.quantiles, sorted);
  return { ...base, ks_statistic: ks, ks_p_value: ksPValue(ks, reference.n, sorted.length) };
}

function compareCategorical(reference: CategoricalReference, values: RawValue[]): Unrated {
  const categories = [...Object.keys(reference.frequencies).filter((c) => c !== OTHER_CATEGORY), OTHER_CATEGORY];
  const index = new Map(categories.map((c, i) => [c, i]));
  const counts = new Array<number>(categories.length).fill(0);
  let missing = 0;
  for (const value of values) {
    if (value === null) missing++;
    else counts[index.get(String(value)) ?? categories.length - 1]++;
  }
  const n = values.length - missing;
  const expected = categories.map((c) => (Object.hasOwn(reference.frequencies, c) ? reference.frequencies[c] : 0));
  const psi = populationStabilityIndex(expected, counts.map((count) => (n === 0 ? 0 : count / n)));
  const base = { type: 'categorical' as const, n, missing, psi };
  if (n === 0) return base;
  // An empty other-bucket on both sides is no category at all: it would only add a degree of freedom.
  const inPlay = categories.map((_, i) => i).filter((i) => counts[i] > 0 || expected[i] > 0);
  const chi = chiSquareTest(inPlay.map((i) => counts[i]), inPlay.map((i) => expected[i]));
  return { ...base, chi_square: chi.statistic, chi_square_p_value: chi.pValue };
}

interface NumberColumn {
  present: number[];
  missing: number;
}

function numericReference({ present, missing }: NumberColumn): NumericReference {
  const sorted = Float64Array.from(present).sort();
  const edges = [...new Set(BIN_LEVELS.map((level) => quantile(sorted, level)))].filter(Number.isFinite);
  const quantiles = sorted.length === 0 ? [] : Array.from({ length: SKETCH_SIZE }, (_, i) => quantile(sorted, i / (SKETCH_SIZE - 1)));
  return { type: 'numeric', n: sorted.length, missing, edges, proportions: binShares(sorted, edges), quantiles };
}

function categoricalReference(values: RawValue[]): CategoricalReference {
  const counts = new Map<string, number>();
  let missing = 0;
  for (const value of values) {
    if (value === null) missing++;
    else counts.set(String(value), (counts.get(String(value)) ?? 0) + 1);
  }
  const n = values.length - missing;
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const kept = ranked.filter(([category], rank) => rank < MAX_CATEGORIES && category !== OTHER_CATEGORY);
  const other = n - kept.reduce((sum, [, count]) => sum + count, 0);
  const frequencies = Object.fromEntries([...kept.map(([category, count]) => [category, count / n]), [OTHER_CATEGORY, n === 0 ? 0 : other / n]]);
  return { type: 'categorical', n, missing, frequencies };
}

/** numpy's default (linear) quantile of sorted values; NaN when there are none. */
export function quantile(sorted: Float64Array, level: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = level * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/** Share of sorted values per bin: bin i holds values ≤ edges[i] (and above edges[i − 1]); the last bin the rest. */
export function binShares(sorted: Float64Array, edges: number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  let bin = 0;
  for (const value of sorted) {
    while (bin < edges.length && value > edges[bin]) bin++;
    counts[bin]++;
  }
  return counts.map((count) => (sorted.length === 0 ? 0 : count / sorted.length));
}

function columnOf(frame: Frame, name: string): RawValue[] {
  const index = frame.columns.indexOf(name);
  return index === -1 ? new Array<RawValue>(frame.nRows).fill(null) : frame.values[index];
}

/** The numbers of a column; a date column's are its timestamps (ms since 1970), so drift sees a shift in time. */
function numbersOf(values: RawValue[], type: FeatureSpec['type'] = 'numeric'): NumberColumn {
  const present: number[] = [];
  for (const value of values) {
    const number = type === 'datetime' ? (parseDateTime(value)?.epochMs ?? null) : parseNumber(value);
    if (number !== null && Number.isFinite(number)) present.push(number);
  }
  return { present, missing: values.length - present.length };
}

/** The model's score per row: P(second class) for two classes, the top probability for more, a regressor's prediction. */
function scoreOf(model: TabularModel, frame: Frame): NumberColumn & { kind: DriftReference['score']['kind']; label: string | null } {
  const labels = model.classLabels;
  if (labels === null) return { ...numbersOf(model.predict(frame).predictions as number[]), kind: 'prediction', label: null };
  const probabilities = model.predict(frame, { returnProba: true }).probabilities ?? [];
  if (labels.length === 2) {
    const label = String(labels[1]);
    return { present: probabilities.map((p) => p[label]), missing: 0, kind: 'probability', label };
  }
  return { present: probabilities.map((p) => Math.max(...Object.values(p))), missing: 0, kind: 'max_probability', label: null };
}

const SEVERITY: Record<DriftStatus, number> = { ok: 0, warn: 1, drift: 2 };
function worst(statuses: DriftStatus[]): DriftStatus {
  return statuses.reduce<DriftStatus>((a, b) => (SEVERITY[b] > SEVERITY[a] ? b : a), 'ok');
}
