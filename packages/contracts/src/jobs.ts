import { BooleanFieldSchema, blankToUndefined } from './form-fields.js';
import { ModelTypeSchema } from './model-params.js';
import { ErrorBodySchema, TrainResponseSchema } from './responses.js';
import { z } from './z.js';

// Background training: every training, synchronous or not, is a job in the trainer's job table;
// POST /train?async=true answers as soon as the job is queued, and GET /jobs/{id} follows it.

/** `async=true` as a query parameter or a form field (the field wins) makes POST /train answer 202. */
export const TrainModeSchema = z.object({
  async: z.preprocess(blankToUndefined, BooleanFieldSchema.default(false)).openapi({
    type: 'boolean',
    default: false,
    description:
      'true: answer 202 with a job id as soon as the upload is queued, and train in the background (follow GET /jobs/{id}); ' +
      'false: answer 201 once the version is stored. Also accepted as a form field of the same name, which wins.',
  }),
});
export type TrainMode = z.infer<typeof TrainModeSchema>;

/** `cancelled`: stopped by DELETE /jobs/{id}, or because the client of a synchronous /train went away. */
export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export const JobStatusSchema = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof JobStatusSchema>;

/**
 * Where a training is: waiting, one of the steps of a training in order, or done. 'binning' is the second pass
 * over a large file on the streaming path (docs/operations.md, "Training large files"), which skips nothing else.
 */
export const TRAINING_STAGES = ['queued', 'parsing', 'binning', 'fitting', 'evaluating', 'saving', 'done'] as const;
export const TrainingStageSchema = z.enum(TRAINING_STAGES);
export type TrainingStage = z.infer<typeof TrainingStageSchema>;

/** A stage, and for forests the trees built so far out of the total (kept once fitting is over). */
export const TrainingProgressSchema = z
  .object({
    stage: TrainingStageSchema,
    done: z.number().int().min(0).optional(),
    total: z.number().int().min(1).optional(),
    /** trees while a forest grows; rows while the streaming path reads a large file (total: known in its second pass). */
    unit: z.enum(['trees', 'rows']).optional(),
  })
  .openapi('TrainingProgress', { example: { stage: 'fitting', done: 40, total: 100, unit: 'trees' } });
export type TrainingProgress = z.infer<typeof TrainingProgressSchema>;

const JobLinksSchema = z.object({ self: z.string().openapi({ example: '/jobs/3f1c2a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60' }) });

export const JobSchema = z
  .object({
    job_id: z.string().openapi({ example: '3f1c2a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60' }),
    status: JobStatusSchema,
    model_name: z.string(),
    model_type: ModelTypeSchema,
    /** Whether the request that created the job waits for it (POST /train without async). */
    async: z.boolean(),
    created_at: z.string(),
    started_at: z.string().nullable(),
    finished_at: z.string().nullable(),
    /** Time spent waiting for a worker, so far or in total. */
    queue_ms: z.number().int(),
    /** Time spent training, so far or in total; null until the job starts. */
    run_ms: z.number().int().nullable(),
    progress: TrainingProgressSchema,
    /** When succeeded: the body POST /train answers synchronously. */
    result: TrainResponseSchema.optional(),
    /** When failed: the `error` object of the body POST /train answers synchronously. */
    error: ErrorBodySchema.shape.error.optional(),
    links: JobLinksSchema,
  })
  .openapi('Job');
export type Job = z.infer<typeof JobSchema>;

/** GET /jobs lists jobs without their results; GET /jobs/{id} has the result. */
export const JobSummarySchema = JobSchema.omit({ result: true }).openapi('JobSummary');
export type JobSummary = z.infer<typeof JobSummarySchema>;

export const JobListSchema = z.object({ jobs: z.array(JobSummarySchema) }).openapi('JobList');
export type JobList = z.infer<typeof JobListSchema>;

/** The 202 answer of POST /train?async=true; Location is links.self. */
export const JobAcceptedSchema = z
  .object({ job_id: z.string(), status: JobStatusSchema, links: JobLinksSchema })
  .openapi('JobAccepted');
export type JobAccepted = z.infer<typeof JobAcceptedSchema>;

export const JOB_LIST_MAX = 1000;
const limitMessage = { message: `must be a whole number from 1 to ${JOB_LIST_MAX}` };

/** GET /jobs?status=…&limit=…: newest first. */
export const JobListQuerySchema = z.object({
  status: z.preprocess(blankToUndefined, JobStatusSchema.optional()).openapi({ description: 'Only the jobs in this status; empty: all' }),
  limit: z
    .preprocess(blankToUndefined, z.coerce.number(limitMessage).int(limitMessage).min(1, limitMessage).max(JOB_LIST_MAX, limitMessage).default(100))
    .openapi({ description: `At most this many jobs, newest first (1 to ${JOB_LIST_MAX})` }),
});
export type JobListQuery = z.infer<typeof JobListQuerySchema>;

// No example: Swagger UI would pre-fill it, and no made-up id names a job that exists.
export const JobPathParamsSchema = z.object({
  id: z.string().openapi({ description: 'The job_id POST /train?async=true answered, e.g. 3f1c2a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60' }),
});
