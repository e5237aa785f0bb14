import { describe, expect, it } from '@jest/globals';
import { ModelDetailSchema, TrainResponseSchema } from '@tabula/contracts';
import { useCluster, trainVia } from '../support/cluster-api.js';
import { getJson } from '../support/http.js';

const TRAININGS = 20;
const MODEL = 'concurrent';

// Issue 14: "20 concurrent trainings through both gateways → 20 distinct versions, numbered without gaps or duplicates".
describe('cluster: concurrent trainings', () => {
  // A queue deep enough for all 20 at once: this shows version allocation, not the bounded queue's 429.
  const cluster = useCluster({ serviceEnv: { trainer: { TRAINER_QUEUE_MAX: '32' } } });

  it('should give 20 trainings sent at once through 2 gateways the versions 1..20, each once', async () => {
    const answers = await Promise.all(
      Array.from({ length: TRAININGS }, (_, i) => trainVia(cluster.gateways[i % cluster.gateways.length].url, { model_name: MODEL })),
    );
    const failed = answers.filter((res) => res.status !== 201).map((res) => `${res.status} ${res.text.slice(0, 300)}`);
    expect(failed).toEqual([]);
    const versions = answers.map((res) => TrainResponseSchema.parse(res.body).version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: TRAININGS }, (_, i) => i + 1));

    // Every gateway (so every predictor it picks) lists the same 20 versions, all ready.
    for (const gateway of cluster.gateways) {
      const res = await getJson(`${gateway.url}/models/${MODEL}`);
      expect({ status: res.status, text: res.text.slice(0, 300) }).toEqual({ status: 200, text: expect.any(String) });
      const detail = ModelDetailSchema.parse(res.body);
      expect(detail.versions.map((v) => v.version).sort((a, b) => a - b)).toEqual(versions);
      expect(detail.latest_version).toBe(TRAININGS);
    }
  }, 600_000);

  it('should have spread the trainings over both trainers', () => {
    // Each trainer logs the trainings it ran; with 20 at once on a shared queue, neither is left idle.
    for (const trainer of cluster.trainers) expect(trainer.logs()).toContain(MODEL);
  });
});
