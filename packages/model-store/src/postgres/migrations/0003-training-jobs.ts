// Migration 3: cluster mode's training jobs (issue 14). Plain SQL in a .ts module, as 0001 explains.
export const sql = `
-- One row per training, whichever trainer runs it: GET /jobs and GET /jobs/{id} answer from here on every
-- trainer, and it outlives restarts. The pg-boss queue only delivers work; this row is the truth about a job.
CREATE TABLE training_jobs (
  id uuid PRIMARY KEY,
  status text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  model_name text COLLATE "C" NOT NULL,
  model_type text NOT NULL,
  is_async boolean NOT NULL,
  -- The parsed training form, as the trainer that received the upload checked it.
  form json NOT NULL,
  -- Where the uploaded CSV waits in the artifact store until the job ends.
  dataset_key text NOT NULL,
  -- The pg-boss job of the current attempt: a delivery of any other (an earlier attempt's) is ignored.
  queue_job_id uuid NOT NULL,
  -- The trainer that runs (or last ran) it, its attempts so far, and when it last said it is alive.
  trainer text,
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  heartbeat_at timestamptz,
  -- Set by DELETE /jobs/{id} on a trainer that does not run the job: the one that does stops it ('request'|'disconnect').
  cancel_requested text,
  progress json NOT NULL,
  result json,
  error json,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  started_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX training_jobs_newest ON training_jobs (created_at DESC, id DESC);
CREATE INDEX training_jobs_unfinished ON training_jobs (status, heartbeat_at) WHERE status IN ('queued', 'running');

-- The job that made a version: a retried job finds the version its earlier attempt committed and returns it,
-- so one job never stores two versions.
ALTER TABLE versions ADD COLUMN job_id uuid UNIQUE;
`;
