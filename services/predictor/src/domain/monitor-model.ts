import {
  noDriftReference,
  type FormatLimits,
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
import { compareWithReference, dialectOverridesOf, evaluateLabelledFrame, readTableFile, type Frame } from '@tabula/tabular';
import type { CsvLimits } from './csv-limits.js';
import type { ModelRegistry } from './model-registry.js';

/** MAX_ROWS and MAX_COLUMNS, as for predictions, and MONITORING_MAX_VALUES: the file is held whole. */
export type MonitoringCsvLimits = CsvLimits & { maxValues: number };

/** What a check reads and writes in the thread that runs it: the store (metadata, reports) and that thread's models. */
export interface MonitorJobDeps {
  store: ModelStore;
  registry: ModelRegistry;
}

/**
 * A monitoring check as a job for a scoring worker, which parses and scores the whole upload: far
 * too long for the event loop with hundreds of thousands of rows.
 */
export type MonitorJob = { kind: 'monitor'; csvPath: string; csvLimits: MonitoringCsvLimits; formatLimits: FormatLimits } & MonitorCheck;

/** Which check, with its form. */
export type MonitorCheck = { check: 'performance'; form: PerformanceForm } | { check: 'drift'; form: DriftForm };

/** The port that runs a check off the event loop (scoring/scorer.ts: on a worker, inline without a pool). */
export type RunMonitorJob = (job: MonitorJob) => Promise<MonitoringReport>;

/** What the monitoring routes need: the store for the stored reports, and the port and limits for new checks. */
export interface MonitoringDeps {
  store: ModelStore;
  runMonitorJob: RunMonitorJob;
  csvLimits: MonitoringCsvLimits;
  /** MAX_DECOMPRESSED_MB and MAX_JSON_ARRAY_MB. */
  formatLimits: FormatLimits;
}

/** A performance or drift check of an uploaded file (at csvPath: CSV, JSON, NDJSON or Parquet), run through the port; its report is stored and returned. */
export function monitorModel(check: MonitorCheck, csvPath: string, { runMonitorJob, csvLimits, formatLimits }: MonitoringDeps): Promise<MonitoringReport> {
  return runMonitorJob({ kind: 'monitor', ...check, csvPath, csvLimits, formatLimits });
}

/** Runs a monitoring job against a thread's store and registry; the same code runs inline on the main thread and in a worker. */
export function runMonitorJob(job: MonitorJob, deps: MonitorJobDeps): Promise<MonitoringReport> {
  const read = () => readMonitoredFile(job);
  return job.check === 'performance' ? checkPerformance(read, job.form, deps) : checkDrift(read, job.form, deps);
}

/** The uploaded file whole, in whichever format it is (sniffed, or forced by input_format); MONITORING_MAX_VALUES bounds it. */
async function readMonitoredFile(job: MonitorJob): Promise<Frame> {
  const table = await readTableFile(job.csvPath, {
    limits: job.csvLimits,
    formatLimits: job.formatLimits,
    forced: job.form.input_format,
    overrides: dialectOverridesOf(job.form.csv_options),
  });
  return table.frame;
}

/** GET /monitoring/{kind} answers at most this many reports. */
const REPORTS_LISTED = 20;

/**
 * Scores a labelled upload with a version and compares the metrics with the version's own held-out
 * ones. The report is stored under the model's directory (by the predictor, which computed it:
 * reports are observations about a version, never part of it, so the trainer's sole ownership of
 * versions is untouched) and survives restarts.
 */
export async function checkPerformance(readFrame: () => Promise<Frame>, form: PerformanceForm, { store, registry }: MonitorJobDeps): Promise<PerformanceReport> {
  const { loaded } = await registry.get(await registry.resolve(form.model_name, form.model_version));
  const metadata = await store.readMetadata(loaded.name, loaded.version);
  const frame = await readFrame();
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
export async function checkDrift(readFrame: () => Promise<Frame>, form: DriftForm, { store, registry }: MonitorJobDeps): Promise<DriftReport> {
  const model = await registry.resolve(form.model_name, form.model_version);
  const version = model.version;
  const { drift_reference: reference } = await store.readMetadata(form.model_name, version);
  if (reference === null) throw noDriftReference(form.model_name, version);
  const { loaded } = await registry.get(model);
  const frame = await readFrame();
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

export async function listReports(kind: MonitoringKind, query: MonitoringQuery, { store }: Pick<MonitoringDeps, 'store'>): Promise<MonitoringReportList> {
  const version = await store.resolveVersion(query.model_name, query.model_version);
  return {
    model_name: query.model_name,
    model_version: version,
    kind,
    reports: await store.readMonitoringReports(query.model_name, version, kind, REPORTS_LISTED),
  };
}
