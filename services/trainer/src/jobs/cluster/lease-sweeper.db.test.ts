import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TrainFormSchema } from '@tabula/contracts';
import { openFileArtifacts, openPostgresStore } from '@tabula/model-store';
import { startTestPostgres, type TestPostgres } from '@tabula/model-store/testing';
import { JobDatabase } from './job-database.js';
import { JobRows } from './job-rows.js';
import { sweepLeases } from './lease-sweeper.js';

let postgres: TestPostgres;
let dir: string;
beforeAll(async () => {
  postgres = await startTestPostgres();
  dir = await mkdtemp(join(tmpdir(), 'tabula-sweep-'));
});
afterAll(async () => {
  await postgres?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Job rows on a fresh database, migrated as a trainer's store opens it. */
async function freshRows(): Promise<{ rows: JobRows; close: () => Promise<void> }> {
  const databaseUrl = await postgres.createDatabase();
  const store = await openPostgresStore({ databaseUrl, artifacts: openFileArtifacts(dir) });
  await store.close();
  const db = new JobDatabase(databaseUrl);
  return { rows: new JobRows(db), close: () => db.end() };
}

/** A job claimed by `trainer` `attempts` times, its heartbeat `staleS` seconds old. */
async function runningJob(rows: JobRows, { attempts, staleS, trainer = 'a' }: { attempts: number; staleS: number; trainer?: string }) {
  const id = randomUUID();
  const queueJobId = randomUUID();
  const form = TrainFormSchema.parse({ target_column: 'variety', model_name: 'iris' });
  expect(await rows.insertIfRoom({ id, form, isAsync: true, datasetKey: `.jobs/${id}/dataset.csv`, queueJobId }, 10, async () => undefined)).toBeUndefined();
  for (let i = 0; i < attempts; i++) {
    expect(await rows.claim(id, queueJobId, trainer)).toBeDefined();
    if (i < attempts - 1) await rows.db.query(`UPDATE training_jobs SET status = 'queued' WHERE id = $1`, [id]);
  }
  await rows.db.query(`UPDATE training_jobs SET heartbeat_at = clock_timestamp() - $2 * interval '1 second' WHERE id = $1`, [id, staleS]);
  return { id, queueJobId };
}

describe('sweepLeases(rows, redeliver, { leaseS, maxAttempts })', () => {
  it('should hand a job back to the queue under a new delivery id once its heartbeat is older than the lease, and leave a fresh one', async () => {
    const { rows, close } = await freshRows();
    const stale = await runningJob(rows, { attempts: 1, staleS: 30 });
    const fresh = await runningJob(rows, { attempts: 1, staleS: 1 });
    const deliveries: Array<[string, string, string]> = [];
    const result = await sweepLeases(rows, async (_sql, id, oldId, newId) => void deliveries.push([id, oldId, newId]), { leaseS: 15, maxAttempts: 3 });
    expect(result).toEqual({ requeued: [stale.id], ended: [] });
    expect(deliveries).toEqual([[stale.id, stale.queueJobId, expect.any(String)]]);
    expect(await rows.get(stale.id)).toMatchObject({ status: 'queued', progress: { stage: 'queued' } });
    expect((await rows.get(fresh.id))?.status).toBe('running');
    // The old delivery claims nothing any more; the new one does, as a second attempt.
    expect(await rows.claim(stale.id, stale.queueJobId, 'b')).toBeUndefined();
    expect(await rows.claim(stale.id, deliveries[0][2], 'b')).toMatchObject({ attempts: 2 });
    await close();
  });

  it('should fail a job that has had maxAttempts starts, saying so, instead of handing it back', async () => {
    const { rows, close } = await freshRows();
    const job = await runningJob(rows, { attempts: 3, staleS: 30 });
    const result = await sweepLeases(rows, async () => undefined, { leaseS: 15, maxAttempts: 3 });
    expect(result).toEqual({ requeued: [], ended: [{ id: job.id, datasetKey: `.jobs/${job.id}/dataset.csv` }] });
    expect(await rows.get(job.id)).toMatchObject({
      status: 'failed',
      error: { code: 'INTERNAL', message: expect.stringContaining('started 3 times') },
    });
    await close();
  });

  it("should hand back only the given trainer's running jobs, whatever their heartbeat, with ownedBy (a shutdown)", async () => {
    const { rows, close } = await freshRows();
    const own = await runningJob(rows, { attempts: 3, staleS: 0, trainer: 'leaving' });
    const other = await runningJob(rows, { attempts: 1, staleS: 0, trainer: 'staying' });
    const result = await sweepLeases(rows, async () => undefined, { leaseS: 15, maxAttempts: 3, ownedBy: 'leaving' });
    expect(result).toEqual({ requeued: [own.id], ended: [] });
    expect((await rows.get(other.id))?.status).toBe('running');
    await close();
  });
});
