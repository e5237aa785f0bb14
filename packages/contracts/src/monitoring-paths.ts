import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { DriftFieldsSchema, MonitoringQuerySchema, MonitoringReportListSchema, DriftReportSchema, PerformanceFormSchema, PerformanceReportSchema } from './monitoring.js';
import { ErrorBodySchema } from './responses.js';
import { z } from './z.js';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const csvFile = (description: string) => z.string().openapi({ type: 'string', format: 'binary', description });
const errors = {
  400: json(ErrorBodySchema, 'Invalid input: the message says what is wrong and how to fix it'),
  404: json(ErrorBodySchema, 'Model or version not found'),
  422: json(ErrorBodySchema, 'The data does not fit the model (missing column, unknown label)'),
};

/** Model monitoring, computed and stored by the predictor, relayed by the gateway. */
export function registerMonitoringPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post',
    path: '/monitoring/performance',
    summary: "Score a labelled CSV with a version: the training metrics on this data, and their delta to the version's own",
    request: {
      body: {
        required: true,
        content: { 'multipart/form-data': { schema: PerformanceFormSchema.extend({ input_file: csvFile('Rows with the target column filled in') }) } },
      },
    },
    responses: { 200: json(PerformanceReportSchema, 'The report, also stored for GET /monitoring/performance'), ...errors },
  });
  registry.registerPath({
    method: 'post',
    path: '/monitoring/drift',
    summary: "Compare an unlabelled CSV with the version's training data, per feature and for the predicted score",
    description:
      'Numeric columns: PSI over the ten training decile bins, and the two-sample Kolmogorov–Smirnov statistic with its ' +
      'asymptotic p-value against 101 stored training quantiles. Categorical columns: PSI and chi-square over the training ' +
      'categories. Each gets ok, warn (PSI ≥ psi_warn) or drift (PSI ≥ psi_drift), counted only when its test finds the difference ' +
      'significant (p-value below p_value, default 0.05), so that the sampling noise of a small upload raises no alarm; p_value=1 rates by PSI alone. ' +
      '409 for a version trained before drift references existed.',
    request: {
      body: { required: true, content: { 'multipart/form-data': { schema: DriftFieldsSchema.extend({ input_file: csvFile('Rows to compare') }) } } },
    },
    responses: {
      200: json(DriftReportSchema, 'The report, also stored for GET /monitoring/drift'),
      ...errors,
      409: json(ErrorBodySchema, 'The version has no drift reference: retrain it'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/monitoring/{kind}',
    summary: 'The latest stored reports of a version, newest first (kind: performance or drift)',
    request: { params: z.object({ kind: z.enum(['performance', 'drift']) }), query: MonitoringQuerySchema },
    responses: { 200: json(MonitoringReportListSchema, 'Up to 20 reports'), 400: errors[400], 404: errors[404] },
  });
}
