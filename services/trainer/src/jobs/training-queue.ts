import type { Job, JobList, JobListQuery } from '@tabula/contracts';
import type { TrainModelInput } from '../domain/train-model.js';
import type { SubmitOptions, SubmittedJob } from './training-jobs.js';

/**
 * What the routes see of the trainings: one interface over the two ways a trainer runs them. Folder mode keeps
 * TrainingJobs (an in-memory table over this process's worker threads); cluster mode has ClusterTrainingQueue
 * (job records in PostgreSQL, a pg-boss queue every trainer consumes). Either may answer at once or after a
 * database round trip, so callers await every result.
 */
export interface TrainingQueue {
  /** Queues a training; TOO_MANY_REQUESTS (429, Retry-After) when TRAINER_QUEUE_MAX jobs already wait. */
  submit(input: TrainModelInput, options: SubmitOptions): SubmittedJob | Promise<SubmittedJob>;
  /** JOB_NOT_FOUND for an unknown id. */
  get(id: string): Job | Promise<Job>;
  list(query: JobListQuery): JobList | Promise<JobList>;
  /** Stops a queued or running job; CONFLICT once it has ended or is writing its version. */
  cancel(id: string): Promise<Job>;
  /** Starts consuming the queue (cluster mode); folder mode has nothing to start. */
  start?(): Promise<void>;
  /** Stops taking work and ends or hands back the unfinished jobs. */
  close(): Promise<void>;
}
