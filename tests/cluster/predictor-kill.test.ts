import { describe, expect, it } from '@jest/globals';
import { predictJson, reportFigure, trainVia, useCluster, waitUntil } from '../support/cluster-api.js';

const MODEL = 'under-load';
const TOTAL = 5_000;
const CONCURRENCY = 16;

// Issue 14: "a predictor killed during a load of 5,000 JSON predictions → 0 failed predictions at the client".
describe('cluster: a predictor killed under load', () => {
  const cluster = useCluster();

  it('should answer all 5,000 JSON predictions through one gateway with 200 while a predictor is killed', async () => {
    const trained = await trainVia(cluster.gateways[0].url, { model_name: MODEL });
    expect(trained.status).toBe(201);
    // Every predictor can serve the model before the load starts (and has it loaded).
    for (const predictor of cluster.predictors) {
      await waitUntil(`${predictor.label} serves ${MODEL}`, async () => ((await predictJson(predictor.url, MODEL)).status === 200 ? true : undefined));
    }

    const gateway = cluster.gateways[0];
    const victim = cluster.predictors[1];
    const failures: string[] = [];
    let started = 0;
    let done = 0;
    let killed: Promise<void> | undefined;
    let killedAtDone = -1;
    const startedAt = Date.now();
    async function worker(): Promise<void> {
      while (started < TOTAL) {
        started += 1;
        try {
          const res = await predictJson(gateway.url, MODEL);
          if (res.status !== 200) failures.push(`${res.status} ${res.text.slice(0, 200)}`);
        } catch (error) {
          failures.push(`transport: ${(error as Error).message}`);
        }
        done += 1;
        // kill -9 once about a third is done: the load is in full flight, and the victim has requests in progress.
        if (killed === undefined && done >= Math.floor(TOTAL / 3)) {
          killedAtDone = done;
          killed = victim.stop({ signal: 'SIGKILL' });
        }
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()));
    await killed;
    const seconds = (Date.now() - startedAt) / 1000;
    reportFigure(
      'predictor kill -9 under load',
      `${failures.length} failed of ${done} JSON predictions (concurrency ${CONCURRENCY}, killed at ${killedAtDone} done, ${(done / seconds).toFixed(0)}/s)`,
    );
    expect(killedAtDone).toBeGreaterThan(0);
    expect(victim.isRunning()).toBe(false);
    expect(done).toBe(TOTAL);
    expect(failures.slice(0, 10)).toEqual([]);
  }, 900_000);
});
