import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { oneTag } from './api-tags.js';
import { COMMON_ERRORS, errorResponse } from './error-responses.js';
import { noDriftReference } from './errors/index.js';
import { MODEL_VERSION_DOCS, modelNameDocs } from './forms.js';
import {
  DEFAULT_DRIFT_P_VALUE,
  DEFAULT_PSI_DRIFT,
  DEFAULT_PSI_WARN,
  DriftFieldsSchema,
  MonitoringQuerySchema,
  MonitoringReportListSchema,
  DriftReportSchema,
  PerformanceFormSchema,
  PerformanceReportSchema,
} from './monitoring.js';
import { z } from './z.js';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const csvFile = (description: string) => z.string().openapi({ type: 'string', format: 'binary', description });
const errors = { ...COMMON_ERRORS, 422: { ...COMMON_ERRORS[422], description: 'The data does not fit the model (missing column, unknown label)' } };

// The forms and the query as documented: the services parse with the schemas of monitoring.ts,
// which these only describe (Swagger UI pre-fills each field with its example, so model_name is
// the model a fresh install trains first and model_version is left empty).
const modelFields = {
  model_name: PerformanceFormSchema.shape.model_name.openapi(modelNameDocs('The model to check')),
  model_version: PerformanceFormSchema.shape.model_version.openapi(MODEL_VERSION_DOCS),
};
const PerformanceFormDocsSchema = PerformanceFormSchema.extend({
  ...modelFields,
  target_column: PerformanceFormSchema.shape.target_column.openapi({
    example: 'variety',
    description: 'The column that holds the true labels or values, e.g. variety in samples/iris.csv',
  }),
  input_file: csvFile('Rows with the target column filled in'),
});
const DriftFormDocsSchema = DriftFieldsSchema.extend({
  ...modelFields,
  psi_warn: DriftFieldsSchema.shape.psi_warn.openapi({ description: `PSI from which a feature is rated warn (default ${DEFAULT_PSI_WARN})` }),
  psi_drift: DriftFieldsSchema.shape.psi_drift.openapi({ description: `PSI from which a feature is rated drift; above psi_warn (default ${DEFAULT_PSI_DRIFT})` }),
  p_value: DriftFieldsSchema.shape.p_value.openapi({
    description: `Significance level: a feature is rated by PSI only when its KS or chi-square p-value is below it (default ${DEFAULT_DRIFT_P_VALUE}; 1 rates by PSI alone)`,
  }),
  input_file: csvFile('Rows to compare'),
});
const MonitoringQueryDocsSchema = MonitoringQuerySchema.extend({
  model_name: MonitoringQuerySchema.shape.model_name.openapi(modelNameDocs('The model whose reports to list')),
  model_version: MonitoringQuerySchema.shape.model_version.openapi(MODEL_VERSION_DOCS),
});

/** Model monitoring, computed and stored by the predictor, relayed by the gateway. */
export function registerMonitoringPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post',
    path: '/monitoring/performance',
    tags: oneTag('monitoring'),
    summary: "Score a labelled CSV with a version: the training metrics on this data, and their delta to the version's own",
    request: {
      body: {
        required: true,
        content: { 'multipart/form-data': { schema: PerformanceFormDocsSchema } },
      },
    },
    responses: { 200: json(PerformanceReportSchema, 'The report, also stored for GET /monitoring/performance'), ...errors },
  });
  registry.registerPath({
    method: 'post',
    path: '/monitoring/drift',
    tags: oneTag('monitoring'),
    summary: "Compare an unlabelled CSV with the version's training data, per feature and for the predicted score",
    description:
      'Numeric columns: PSI over the ten training decile bins, and the two-sample Kolmogorov–Smirnov statistic with its ' +
      'asymptotic p-value against 101 stored training quantiles. Categorical columns: PSI and chi-square over the training ' +
      'categories. Each gets ok, warn (PSI ≥ psi_warn) or drift (PSI ≥ psi_drift), counted only when its test finds the difference ' +
      'significant (p-value below p_value, default 0.05), so that the sampling noise of a small upload raises no alarm; p_value=1 rates by PSI alone. ' +
      '409 for a version trained before drift references existed.',
    request: {
      body: { required: true, content: { 'multipart/form-data': { schema: DriftFormDocsSchema } } },
    },
    responses: {
      200: json(DriftReportSchema, 'The report, also stored for GET /monitoring/drift'),
      ...errors,
      409: errorResponse('The version has no drift reference: retrain it', noDriftReference('default', 1)),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/monitoring/{kind}',
    tags: oneTag('monitoring'),
    summary: 'The latest stored reports of a version, newest first (kind: performance or drift)',
    request: {
      params: z.object({ kind: z.enum(['performance', 'drift']).openapi({ description: 'Which reports: performance or drift' }) }),
      query: MonitoringQueryDocsSchema,
    },
    responses: { 200: json(MonitoringReportListSchema, 'Up to 20 reports'), 400: errors[400], 404: errors[404] },
  });
}
