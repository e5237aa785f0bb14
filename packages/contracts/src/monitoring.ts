import { MetricsSchema } from './model-metadata.js';
import { ModelNameSchema, VersionRefSchema } from './names.js';
import { CsvOptionsFieldSchema } from './csv-dialect.js';
import { blankToUndefined, blankable } from './form-fields.js';
import { InputFormatFieldsSchema } from './table-format.js';
import { z } from './z.js';

const psiThreshold = (fallback: number) =>
  blankable(z.coerce.number({ message: 'must be a number, e.g. 0.1' }).positive({ message: 'must be above 0' }).default(fallback));

export const DEFAULT_PSI_WARN = 0.1;
export const DEFAULT_PSI_DRIFT = 0.25;
export const DEFAULT_DRIFT_P_VALUE = 0.05;

const ModelFields = {
  model_name: blankable(ModelNameSchema.default('default')),
  // Not given means the version served by default (the production alias, else the newest servable one).
  model_version: blankable(VersionRefSchema.optional()),
  /** Forces how the uploaded file is read (csv, json, ndjson, parquet); not given: detected from its content. */
  input_format: InputFormatFieldsSchema.shape.input_format,
};

/** The text fields of POST /monitoring/performance (the labelled CSV arrives as `input_file`). */
export const PerformanceFormSchema = z.object({
  ...ModelFields,
  target_column: z.preprocess(blankToUndefined, z.string({ message: 'is required: name the column that holds the true labels or values' })),
  csv_options: CsvOptionsFieldSchema,
});
export type PerformanceForm = z.infer<typeof PerformanceFormSchema>;

/** The text fields of POST /monitoring/drift (the unlabelled CSV arrives as `input_file`). */
export const DriftFieldsSchema = z.object({
  ...ModelFields,
  psi_warn: psiThreshold(DEFAULT_PSI_WARN),
  psi_drift: psiThreshold(DEFAULT_PSI_DRIFT),
  /** Significance level: a feature is flagged only when its KS or chi-square p-value is below it (small uploads stay quiet). */
  p_value: blankable(
    z.coerce
      .number({ message: 'must be a number, e.g. 0.05' })
      .gt(0, { message: 'must be above 0' })
      .max(1, { message: 'must be at most 1 (1 rates by PSI alone)' })
      .default(DEFAULT_DRIFT_P_VALUE),
  ),
  csv_options: CsvOptionsFieldSchema,
});
export const DriftFormSchema = DriftFieldsSchema.refine((form) => form.psi_warn < form.psi_drift, { path: ['psi_warn'], message: 'must be below psi_drift' });
export type DriftForm = z.infer<typeof DriftFormSchema>;

export const MonitoringQuerySchema = z.object({
  model_name: z.preprocess(blankToUndefined, ModelNameSchema.default('default')),
  model_version: blankable(VersionRefSchema.optional()),
});
export type MonitoringQuery = z.infer<typeof MonitoringQuerySchema>;

export const MONITORING_KINDS = ['performance', 'drift'] as const;
export const MonitoringKindSchema = z.enum(MONITORING_KINDS, { message: 'must be performance or drift' });
export type MonitoringKind = z.infer<typeof MonitoringKindSchema>;

export const DriftStatusSchema = z.enum(['ok', 'warn', 'drift']);
export type DriftStatus = z.infer<typeof DriftStatusSchema>;

/** One column's (or the score's) comparison with the training reference. */
export const FeatureDriftSchema = z.object({
  type: z.enum(['numeric', 'categorical']),
  /** Values present in the upload. */
  n: z.number().int().min(0),
  missing: z.number().int().min(0),
  psi: z.number().min(0),
  /** Numeric: two-sample Kolmogorov–Smirnov against the stored quantiles. */
  ks_statistic: z.number().min(0).max(1).optional(),
  ks_p_value: z.number().min(0).max(1).optional(),
  /** Categorical: chi-square of the upload's counts against the training shares. */
  chi_square: z.number().min(0).optional(),
  chi_square_p_value: z.number().min(0).max(1).optional(),
  status: DriftStatusSchema,
});
export type FeatureDrift = z.infer<typeof FeatureDriftSchema>;

const ReportHeader = {
  model_name: ModelNameSchema,
  model_version: z.number().int().min(1),
  created_at: z.string().datetime(),
  n_rows: z.number().int().min(0),
};

export const DriftReportSchema = z
  .object({
    ...ReportHeader,
    kind: z.literal('drift'),
    /** p_value is absent in reports stored before it existed (they rated by PSI alone). */
    thresholds: z.object({ psi_warn: z.number(), psi_drift: z.number(), p_value: z.number().optional() }),
    /** The worst status of the features and the score. */
    status: DriftStatusSchema,
    features: z.record(z.string(), FeatureDriftSchema),
    score: FeatureDriftSchema.extend({ kind: z.string(), label: z.string().nullable() }),
  })
  .openapi('DriftReport');
export type DriftReport = z.infer<typeof DriftReportSchema>;

export const PerformanceReportSchema = z
  .object({
    ...ReportHeader,
    kind: z.literal('performance'),
    target_column: z.string(),
    /** The training metrics' names, computed on the upload's rows that have a label. */
    metrics: MetricsSchema,
    training_metrics: MetricsSchema,
    /** metrics − training_metrics, per metric both have. */
    delta: MetricsSchema,
  })
  .openapi('PerformanceReport');
export type PerformanceReport = z.infer<typeof PerformanceReportSchema>;

export const MonitoringReportSchema = z.discriminatedUnion('kind', [DriftReportSchema, PerformanceReportSchema]);
export type MonitoringReport = z.infer<typeof MonitoringReportSchema>;

/** GET /monitoring/{kind}: the newest reports of that version first. */
export const MonitoringReportListSchema = z.object({
  model_name: ModelNameSchema,
  model_version: z.number().int().min(1),
  kind: MonitoringKindSchema,
  reports: z.array(MonitoringReportSchema),
});
export type MonitoringReportList = z.infer<typeof MonitoringReportListSchema>;
