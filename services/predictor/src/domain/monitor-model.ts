import {
  noDriftReference,
  type DriftForm,
  type DriftReport,
  type MonitoringKind,
  type MonitoringReport,
  type MonitoringQuery,
  type MonitoringReportList,
  type PerformanceForm,
  type PerformanceReport,
} from '@tabula/contracts';
import type { ModelStore } from '@tabula/model-store';
import { compareWithReference, evaluateLabelledFrame, parseCsvFile } from '@tabula/tabular';
import type { CsvLimits } from './csv-limits.js';
import type { ModelRegistry } from './model-registry.js';

/** MAX_ROWS and MAX_COLUMNS, as for predictions, and MONITORING_MAX_VALUES: the file is held whole. */
export type MonitoringCsvLimits = CsvLimits & { maxValues: number };

export interface MonitoringDeps {
  store: ModelStore;
  registry: ModelRegistry;
  csvLimits: MonitoringCsvLimits;
}

/**
 * A monitoring check as a job for a scoring worker, which parses and scores the whole upload: far
 * too long for the event loop with hundreds of thousands of rows.
 */
export type MonitorJob = { kind: 'monitor'; csvPath: string; csvLimits: MonitoringCsvLimits } & (
  | { check: 'performance'; form: PerformanceForm }
  | { check: 'drift'; form: DriftForm }
);

/** Runs a monitoring job against a registry; the same code runs inline on the main thread and in a worker. */
export function runMonitorJob(job: MonitorJob, registry: ModelRegistry): Promise<MonitoringReport> {
  const deps = { store: registry.store, registry, csvLimits: job.csvLimits };
  return job.check === 'performance' ? checkPerformance(job.csvPath, job.form, deps) : checkDrift(job.csvPath, job.form, deps);
}

/** GET /monitoring/{kind} answers at most this many reports. */
const REPORTS_LISTED = 20;

/**
 * Scores a labelled upload with a version and compares the metrics with the version's own held-out
 * ones. The report is stored under the model's directory (by the predictor, which computed it:
 * reports are observations about a version, never part of it, so the trainer's sole ownership of
 * versions is untouched) and survives restarts.
 */
export async function checkPerformance(csvPath: string, form: PerformanceForm, { store, registry, csvLimits }: MonitoringDeps): Promise<PerformanceReport> {
  const { loaded } = await registry.get(form.model_name, await store.resolveVersion(form.model_name, form.model_version));
  const metadata = await store.readMetadata(loaded.name, loaded.version);
  const frame = await parseCsvFile(csvPath, csvLimits);
  const scores = evaluateLabelledFrame(loaded.model, frame, form.target_column);
  const delta = Object.fromEntries(
    Object.entries(scores.metrics).flatMap(([metric, value]) => {
      const trained = metadata.metrics[metric];
      return trained === undefined ? [] : [[metric, value - trained]];
    }),
  );
  const report: PerformanceReport = {
    kind: 'performance',
    ...reportHeader(loaded, scores.nRows),
    target_column: form.target_column,
    metrics: scores.metrics,
    training_metrics: metadata.metrics,
    delta,
  };
  await store.writeMonitoringReport(report);
  return report;
}

/** Compares an upload with the reference stored at training time (409 for versions trained without one). */
export async function checkDrift(csvPath: string, form: DriftForm, { store, registry, csvLimits }: MonitoringDeps): Promise<DriftReport> {
  const version = await store.resolveVersion(form.model_name, form.model_version);
  const { drift_reference: reference } = await store.readMetadata(form.model_name, version);
  if (reference === null) throw noDriftReference(form.model_name, version);
  const { loaded } = await registry.get(form.model_name, version);
  const frame = await parseCsvFile(csvPath, csvLimits);
  const thresholds = { psi_warn: form.psi_warn, psi_drift: form.psi_drift, p_value: form.p_value };
  const report: DriftReport = {
    kind: 'drift',
    ...reportHeader(loaded, frame.nRows),
    thresholds,
    ...compareWithReference(reference, frame, loaded.model, thresholds),
  };
  await store.writeMonitoringReport(report);
  return report;
}

/** What every report starts with: the version it is about, when, and how many rows it saw. */
function reportHeader(version: { name: string; version: number }, nRows: number) {
  return { model_name: version.name, model_version: version.version, created_at: new Date().toISOString(), n_rows: nRows };
}

export async function listReports(kind: MonitoringKind, query: MonitoringQuery, store: ModelStore): Promise<MonitoringReportList> {
  const version = await store.resolveVersion(query.model_name, query.model_version);
  return {
    model_name: query.model_name,
    model_version: version,
    kind,
    reports: await store.readMonitoringReports(query.model_name, version, kind, REPORTS_LISTED),
  };
}
