import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { oneTag } from './api-tags.js';
import { COMMON_ERRORS, errorResponse } from './error-responses.js';
import { invalidModelExport, jobNotCancellable, jobNotFound, jsonExpected, trainingQueueFull, versionHasAliases } from './errors/index.js';
import { PredictFormSchema, TrainFormSchema } from './forms.js';
import { JobAcceptedSchema, JobListQuerySchema, JobListSchema, JobPathParamsSchema, JobSchema, TrainModeSchema } from './jobs.js';
import { PredictBatchBodySchema, PredictJsonBodySchema, PredictQuerySchema } from './predict-json.js';
import { REGISTRY_PATH_PARAMS } from './registry-path-params.js';
import {
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
import { ModelSchemaResponseSchema } from './model-schema-response.js';
import {
  AliasChangeSchema,
  ModelDetailSchema,
  SetAliasBodySchema,
  VersionDeletedSchema,
} from './registry.js';
import { z } from './z.js';

// The documented API is generated from the schemas the services validate with; these functions
// only say which schema belongs to which route, so gateway and services document the same thing.

const csvFile = (description: string) => z.string().openapi({ type: 'string', format: 'binary', description });
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const errors = COMMON_ERRORS;

/**
 * POST /train's form as documented. `async` is not repeated here: it is documented once, as the
 * query parameter, whose description says the form field works too.
 */
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
    tags: oneTag('train'),
    summary: 'Train a model on a CSV upload and store it as a new version',
    description:
      'Synchronous by default: answers 201 when the version is stored. With async=true (query or form field) it answers ' +
      '202 with a job id as soon as the upload is queued; follow it with GET /jobs/{id}. Trainings wait in a bounded ' +
      'queue (TRAINER_QUEUE_MAX): when it is full, 429 with Retry-After, whether async or not. A version that misses a ' +
      'min_metrics threshold is still stored and answered with 201, with status "rejected" and the reasons; it is never ' +
      'served by default. Thresholds on rmse, mae and log_loss are maximums, on every other metric minimums.',
    request: {
      query: TrainModeSchema,
      body: { required: true, content: { 'multipart/form-data': { schema: TrainRequestSchema } } },
    },
    responses: {
      201: json(TrainResponseSchema, 'The new version: held-out metrics, per-class scores, cross-validation, feature importance, data report and status'),
      202: {
        ...json(JobAcceptedSchema, 'async=true: the training is queued as this job'),
        headers: { Location: { description: 'The job: /jobs/{id}', schema: { type: 'string' } } },
      },
      ...errors,
      429: {
        ...errorResponse('The training queue is full', trainingQueueFull(2, 8, 8, 30)),
        headers: { 'Retry-After': { description: 'Seconds until the queue likely has room', schema: { type: 'integer' } } },
      },
    },
  });
}

export function registerJobPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/jobs',
    tags: oneTag('jobs'),
    summary: 'List recent training jobs, newest first (kept in memory for a day, the newest 1000)',
    request: { query: JobListQuerySchema },
    responses: { 200: json(JobListSchema, 'Jobs without their results'), 400: errors[400] },
  });
  registry.registerPath({
    method: 'get',
    path: '/jobs/{id}',
    tags: oneTag('jobs'),
    summary: "A training job's status, progress, timings and, once it ended, the /train body or the error",
    request: { params: JobPathParamsSchema },
    responses: {
      200: json(JobSchema, 'The job'),
      404: errorResponse('No such job (unknown, or forgotten)', jobNotFound('3f1c2a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60')),
    },
  });
  registry.registerPath({
    method: 'delete',
    path: '/jobs/{id}',
    tags: oneTag('jobs'),
    summary: 'Cancel a queued or running training job (admin)',
    description:
      'A queued job leaves the queue; a running one is stopped at once (its worker thread is ended and replaced). The job ends ' +
      '`cancelled`, its upload is deleted and no version is stored; a synchronous /train waiting for it answers 409 ' +
      'JOB_CANCELLED. A job that has ended, or is already writing its version, cannot be cancelled (409).',
    request: { params: JobPathParamsSchema },
    responses: {
      200: json(JobSchema, 'The job, now cancelled'),
      404: errorResponse('No such job (unknown, or forgotten)', jobNotFound('3f1c2a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60')),
      409: errorResponse('The job has ended, or is saving its version', jobNotCancellable('3f1c2a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60', 'it has ended (succeeded)')),
    },
  });
}

/** What every prediction answer says about itself in its headers. */
const PREDICTION_HEADERS = {
  'x-model-name': { description: 'The model that answered', schema: { type: 'string' } },
  'x-model-version': { description: 'The version that answered', schema: { type: 'integer' } },
  'x-ignored-columns': {
    description: 'Names in columns_to_drop that the input lacks, ignored (JSON strings, comma-separated); absent when there are none',
    schema: { type: 'string' },
  },
} as const;

export function registerPredictPath(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post',
    path: '/predict',
    tags: oneTag('predict'),
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
        headers: PREDICTION_HEADERS,
        content: { 'application/json': { schema: z.union([PredictOneResponseSchema, PredictResponseSchema]) } },
      },
      ...errors,
      415: errorResponse('Neither application/json nor multipart/form-data', jsonExpected('application/json or multipart/form-data', 'text/plain')),
    },
  });
}

export function registerPredictBatchPath(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post',
    path: '/predict_batch',
    tags: oneTag('predict'),
    summary: 'Score JSON records (an array, or an MLflow scoring format) with a stored model version',
    request: {
      query: PredictQuerySchema,
      body: { required: true, content: { 'application/json': { schema: PredictBatchBodySchema } } },
    },
    responses: {
      200: { ...json(PredictResponseSchema, 'One prediction per record, in input order'), headers: PREDICTION_HEADERS },
      ...errors,
      415: errorResponse('The body is not application/json', jsonExpected('application/json', 'text/plain')),
    },
  });
}

export function registerModelPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/models',
    tags: oneTag('registry'),
    summary: 'List stored models',
    responses: { 200: json(ModelListSchema, 'Every model name with its latest version') },
  });
  registry.registerPath({
    method: 'get',
    path: '/models/{name}',
    tags: oneTag('registry'),
    summary: 'One model: its versions with status and metrics, its aliases, and the version served by default',
    request: { params: REGISTRY_PATH_PARAMS.model },
    responses: { 200: json(ModelDetailSchema, 'The model'), 404: errors[404] },
  });
  registry.registerPath({
    method: 'get',
    path: '/models/{name}/versions/{version}/export',
    tags: oneTag('registry'),
    summary: 'Download one version as a self-contained file, for POST /models/{name}/import elsewhere',
    request: { params: REGISTRY_PATH_PARAMS.version },
    responses: {
      200: {
        description: 'A JSON header line (format marker, metadata with each artifact’s sha256), then the artifacts’ bytes',
        headers: { 'Content-Disposition': { description: 'attachment; filename="<name>-v<version>.tabula-model"', schema: { type: 'string' } } },
        content: { 'application/octet-stream': { schema: z.string().openapi({ type: 'string', format: 'binary' }) } },
      },
      404: errors[404],
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/models/{name}/versions',
    tags: oneTag('registry'),
    summary: "List a model's versions with their metrics",
    request: { params: REGISTRY_PATH_PARAMS.model },
    responses: { 200: json(VersionListSchema, 'Versions, oldest first'), 404: errors[404] },
  });
  registry.registerPath({
    method: 'get',
    path: '/models/{name}/versions/{version}',
    tags: oneTag('registry'),
    summary: "One version's full metadata; {version} is a number, an alias or latest",
    request: { params: REGISTRY_PATH_PARAMS.version },
    responses: { 200: json(ModelMetadataSchema, 'metadata.json of that version'), 404: errors[404] },
  });
  registry.registerPath({
    method: 'get',
    path: '/models/{name}/versions/{version}/schema',
    tags: oneTag('registry'),
    summary: "One version's input schema and input example: what a JSON record must hold to be scored",
    description:
      'Per input column: type, whether it is required (optional when training had missing values there: the model imputes them), ' +
      'the categories seen in training (the first 100 when there are more, with n_categories) and the numeric range seen. ' +
      'input_example is a few training rows, usable as a POST /predict_batch body. Versions trained before schemas were ' +
      'stored answer a schema derived from their features, with "derived": true and no example.',
    request: { params: REGISTRY_PATH_PARAMS.version },
    responses: { 200: json(ModelSchemaResponseSchema, 'The input schema of that version'), 404: errors[404] },
  });
  registry.register('VersionSummary', VersionSummarySchema);
}

/** The registry changes, made by the trainer (the one service that writes the models volume). */
export function registerRegistryWritePaths(registry: OpenAPIRegistry): void {
  const conflict = errorResponse('An alias points to this version: the message names it', versionHasAliases('default', 1, ['production']));
  registry.registerPath({
    method: 'put',
    path: '/models/{name}/aliases/{alias}',
    tags: oneTag('registry'),
    summary: 'Point an alias (production, staging, any name) at a version; predictions asking for the alias follow it',
    description:
      'Without model_version, predictions use the "production" alias when it is set, else the newest version that is not rejected.',
    request: {
      params: REGISTRY_PATH_PARAMS.alias,
      // Version 1 is the one version a fresh install has after its first training.
      body: { required: true, content: { 'application/json': { schema: SetAliasBodySchema, example: { version: 1 } } } },
    },
    responses: { 200: json(AliasChangeSchema, 'The alias and where it pointed before'), 400: errors[400], 404: errors[404] },
  });
  registry.registerPath({
    method: 'delete',
    path: '/models/{name}/aliases/{alias}',
    tags: oneTag('registry'),
    summary: 'Remove an alias',
    request: { params: REGISTRY_PATH_PARAMS.alias },
    responses: { 200: json(AliasChangeSchema, 'The alias removed and where it pointed'), 404: errors[404] },
  });
  registry.registerPath({
    method: 'delete',
    path: '/models/{name}/versions/{version}',
    tags: oneTag('registry'),
    summary: 'Delete a version (refused while an alias points to it); its number is never reused',
    request: { params: REGISTRY_PATH_PARAMS.versionNumber },
    responses: { 200: json(VersionDeletedSchema, 'Deleted'), 404: errors[404], 409: conflict },
  });
  registry.registerPath({
    method: 'post',
    path: '/models/{name}/import',
    tags: oneTag('registry'),
    summary: 'Store an exported version file as the next version of this model',
    request: {
      params: REGISTRY_PATH_PARAMS.model,
      body: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: z.object({ file: z.string().openapi({ type: 'string', format: 'binary', description: 'A file from GET …/export' }) }),
          },
        },
      },
    },
    responses: {
      201: json(ModelMetadataSchema, 'metadata.json of the new version, with imported_from'),
      400: errorResponse(
        'Not a valid export: foreign, truncated, altered, or a model that does not load',
        invalidModelExport('its first line is not a Tabula model export header'),
      ),
    },
  });
}

export function registerHealthPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/health',
    tags: oneTag('operations'),
    summary: 'Liveness: the process answers HTTP',
    responses: { 200: json(HealthSchema, 'Alive') },
  });
  registry.registerPath({
    method: 'get',
    path: '/ready',
    tags: oneTag('operations'),
    summary: 'Readiness: the service can do its job',
    responses: { 200: json(ReadinessSchema, 'Ready'), 503: json(ReadinessSchema, 'Not ready; checks say why') },
  });
  registry.registerPath({
    method: 'get',
    path: '/metrics',
    tags: oneTag('operations'),
    summary: "Prometheus metrics: this service's requests by route template and status, its own counters, and process figures",
    responses: {
      200: {
        description: 'The Prometheus text exposition format',
        content: { 'text/plain; version=0.0.4; charset=utf-8': { schema: { type: 'string' } } },
      },
    },
  });
}
