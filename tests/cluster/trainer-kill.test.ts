import { describe, expect, it } from '@jest/globals';
import { JobAcceptedSchema, JobSchema, ModelDetailSchema, type Job } from '@tabula/contracts';
import { reportFigure, trainVia, useCluster, waitUntil } from '../support/cluster-api.js';
import { getJson } from '../support/http.js';
import { makeClassificationCsv } from '../support/synthetic-csv.js';
import { csvBytes } from '../support/tabula.js';

const MODEL = 'takeover';
/** A forest that takes several seconds on one worker: long enough to be killed in the middle of. */
const SLOW = { file: csvBytes(makeClassificationCsv(20_000, 5), 'slow.csv'), params: '{"n_estimators": 60, "random_state": 5}' };
const TAKEOVER_TIMEOUT_MS = 420_000;

// Issue 14: "a trainer killed with kill -9 mid-job → the job completes on the other trainer, exactly one version results".
describe('cluster: a trainer killed mid-job', () => {
  const cluster = useCluster({ serviceEnv: { trainer: { TRAINER_WORKERS: '1' } } });

  async function getJob(id: string): Promise<Job> {
    const res = await getJson(`${cluster.gateways[1].url}/jobs/${id}`);
    if (res.status !== 200) throw new Error(`GET /jobs/${id}: ${res.status} ${res.text.slice(0, 300)}`);
    return JobSchema.parse(res.body);
  }

  it('should finish the job on the other trainer and store exactly one version', async () => {
    const [doomed, survivor] = cluster.trainers;
    // Only `doomed` runs while the job is handed out, so it is the one that picks it up; `survivor` comes back after.
    await survivor.stop();
    // Sent to it directly: a gateway may not yet know that `survivor` is down, and never replays a POST /train.
    const accepted = await trainVia(
      doomed.url,
      { model_name: MODEL, target_column: 'label', model_params: SLOW.params },
      { async: true, file: SLOW.file },
    );
    expect({ status: accepted.status, text: accepted.text.slice(0, 300) }).toEqual({ status: 202, text: expect.any(String) });
    const jobId = JobAcceptedSchema.parse(accepted.body).job_id;
    await waitUntil(`job ${jobId} running on ${doomed.label}`, async () => ((await getJob(jobId)).status === 'running' ? true : undefined), 120_000);
    await survivor.start({ ready: true });

    const killedAt = Date.now();
    await doomed.stop({ signal: 'SIGKILL' });
    // No half version is ever visible: while the job is taken over, the model has no version or exactly one, ready.
    const seenVersions = new Set<string>();
    const job = await waitUntil(
      `job ${jobId} finished after its trainer was killed`,
      async () => {
        const models = await getJson(`${cluster.gateways[0].url}/models/${MODEL}`);
        if (models.status === 200) {
          for (const version of ModelDetailSchema.parse(models.body).versions) seenVersions.add(`${version.version} ${version.status}`);
        }
        const current = await getJob(jobId);
        return current.status === 'succeeded' || current.status === 'failed' || current.status === 'cancelled' ? current : undefined;
      },
      TAKEOVER_TIMEOUT_MS,
      250,
    );
    const takeoverMs = Date.now() - killedAt;
    reportFigure('takeover after kill -9 (kill → job succeeded)', `${takeoverMs} ms`);
    expect({ status: job.status, error: job.error ?? null }).toEqual({ status: 'succeeded', error: null });

    const detail = ModelDetailSchema.parse((await getJson(`${cluster.gateways[1].url}/models/${MODEL}`)).body);
    expect(detail.versions.map((v) => v.version)).toEqual([1]);
    expect([...seenVersions]).toEqual(seenVersions.size === 0 ? [] : ['1 ready']);
    // The survivor did the work: it logged the model it stored.
    expect(survivor.logs()).toContain(MODEL);
  }, TAKEOVER_TIMEOUT_MS + 200_000);
});
