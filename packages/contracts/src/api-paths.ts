import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { PredictFormSchema, TrainFormSchema } from './forms.js';
import { PredictBatchBodySchema, PredictJsonBodySchema, PredictQuerySchema } from './predict-json.js';
import { ModelNameSchema } from './names.js';
import {
  ErrorBodySchema,
  HealthSchema,
  ModelListSchema,
  PredictOneResponseSchema,
  PredictResponseSchema,
  ReadinessSchema,
  TrainResponseSchema,
  VersionListSchema,
  VersionSummarySchema,
} from './responses.js';
import { ModelMetadataSchema } from './model-metadata.js';
import { z } from './z.js';

// The documented API is generated from the schemas the services validate with; these functions
// only say which schema belongs to which route, so gateway and services document the same thing.

const csvFile = (description: string) => z.string().openapi({ type: 'string', format: 'binary', description });
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const errors = {
  400: json(ErrorBodySchema, 'Invalid input: the message says what is wrong and how to fix it'),
  404: json(ErrorBodySchema, 'Model or version not found'),
  422: json(ErrorBodySchema, 'The data does not fit the model (missing column, bad value)'),
};

export const TrainRequestSchema = TrainFormSchema.extend({
  dataset_file: csvFile('The training data as CSV with a header row'),
}).openapi('TrainRequest');

export const PredictRequestSchema = PredictFormSchema.extend({
  input_file: csvFile('Rows to score as CSV with a header row; extra columns are ignored'),
}).openapi('PredictRequest');

export function registerTrainPath(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post',
    path: '/train',
    summary: 'Train a model on a CSV upload and store it as a new version',
    request: { body: { required: true, content: { 'multipart/form-data': { schema: TrainRequestSchema } } } },
    responses: { 201: json(TrainResponseSchema, 'The new version with its held-out metrics'), ...errors },
  });
}

export function registerPredictPath(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post',
    path: '/predict',
    summary: 'Score a CSV upload (multipart) or JSON records with a stored model version',
    description:
      'multipart/form-data: a CSV file with form fields. application/json: one record answers {"prediction"}; ' +
      'the MLflow formats answer {"predictions"}. For JSON, model_name, model_version and return_proba are query ' +
      'parameters; for multipart they may be form fields (which win) or query parameters. Other content types: 415.',
    request: {
      query: PredictQuerySchema,
      body: {
        required: true,
        content: {
          'multipart/form-data': { schema: PredictRequestSchema },
          'application/json': { schema: PredictJsonBodySchema },
        },
      },
    },
    responses: {
      200: {
        description: 'One prediction for a bare record; otherwise one per input row, in input order',
        content: { 'application/json': { schema: z.union([PredictOneResponseSchema, PredictResponseSchema]) } },
      },
      ...errors,
      415: json(ErrorBodySchema, 'Neither application/json nor multipart/form-data'),
    },
  });
}

export function registerPredictBatchPath(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post',
    path: '/predict_batch',
    summary: 'Score JSON records (an array, or an MLflow scoring format) with a stored model version',
    request: {
      query: PredictQuerySchema,
      body: { required: true, content: { 'application/json': { schema: PredictBatchBodySchema } } },
    },
    responses: {
      200: json(PredictResponseSchema, 'One prediction per record, in input order'),
      ...errors,
      415: json(ErrorBodySchema, 'The body is not application/json'),
    },
  });
}

export function registerModelPaths(registry: OpenAPIRegistry): void {
  const name = z.object({ name: ModelNameSchema });
  registry.registerPath({
    method: 'get',
    path: '/models',
    summary: 'List stored models',
    responses: { 200: json(ModelListSchema, 'Every model name with its latest version') },
  });
  registry.registerPath({
    method: 'get',
    path: '/models/{name}/versions',
    summary: "List a model's versions with their metrics",
    request: { params: name },
    responses: { 200: json(VersionListSchema, 'Versions, oldest first'), 404: errors[404] },
  });
  registry.registerPath({
    method: 'get',
    path: '/models/{name}/versions/{version}',
    summary: "One version's full metadata",
    request: { params: name.extend({ version: z.string().openapi({ example: '1' }) }) },
    responses: { 200: json(ModelMetadataSchema, 'metadata.json of that version'), 404: errors[404] },
  });
  registry.register('VersionSummary', VersionSummarySchema);
}

export function registerHealthPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/health',
    summary: 'Liveness: the process answers HTTP',
    responses: { 200: json(HealthSchema, 'Alive') },
  });
  registry.registerPath({
    method: 'get',
    path: '/ready',
    summary: 'Readiness: the service can do its job',
    responses: { 200: json(ReadinessSchema, 'Ready'), 503: json(ReadinessSchema, 'Not ready; checks say why') },
  });
}
