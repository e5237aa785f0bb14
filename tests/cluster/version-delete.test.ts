import { describe, expect, it } from '@jest/globals';
import { ModelDetailSchema } from '@tabula/contracts';
import { predictJson, reportFigure, trainVia, useCluster, waitUntil } from '../support/cluster-api.js';
import { getJson, sendJson } from '../support/http.js';

const MODEL = 'deleted';
const DEADLINE_MS = 30_000;

// Issue 14: "a version deleted → no predictor serves it afterwards".
describe('cluster: a version deleted', () => {
  const cluster = useCluster();

  it('should stop every predictor serving a deleted version, even one that had it loaded', async () => {
    for (let i = 0; i < 2; i++) expect((await trainVia(cluster.gateways[i].url, { model_name: MODEL })).status).toBe(201);
    // Each predictor loads version 1 into its cache: the delete must reach caches, not just the registry.
    for (const predictor of cluster.predictors) {
      await waitUntil(`${predictor.label} serves v1`, async () => ((await predictJson(predictor.url, MODEL, 1)).status === 200 ? true : undefined));
    }

    const res = await sendJson('DELETE', `${cluster.gateways[1].url}/models/${MODEL}/versions/1`);
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: expect.objectContaining({ version: 1, deleted: true }) });
    const deletedAt = Date.now();
    const delaysMs = await Promise.all(
      cluster.predictors.map((predictor) =>
        waitUntil(
          `${predictor.label} refuses the deleted v1`,
          async () => {
            const answer = await predictJson(predictor.url, MODEL, 1);
            return answer.status === 404 && answer.body?.error?.code === 'VERSION_NOT_FOUND' ? Date.now() - deletedAt : undefined;
          },
          DEADLINE_MS,
          10,
        ),
      ),
    );
    reportFigure('delete seen by 3 predictors', `max ${Math.max(...delaysMs)} ms (${delaysMs.join(', ')} ms)`);

    // Afterwards it stays gone everywhere: every predictor, through every gateway, and in the registry's list.
    for (const predictor of cluster.predictors) {
      expect((await predictJson(predictor.url, MODEL, 1)).status).toBe(404);
      expect((await predictJson(predictor.url, MODEL)).body.model_version).toBe(2);
    }
    for (const gateway of cluster.gateways) {
      for (let i = 0; i < cluster.predictors.length; i++) expect((await predictJson(gateway.url, MODEL, 1)).status).toBe(404);
      const detail = ModelDetailSchema.parse((await getJson(`${gateway.url}/models/${MODEL}`)).body);
      expect(detail.versions.map((v) => v.version)).toEqual([2]);
      expect((await getJson(`${gateway.url}/models/${MODEL}/versions/1`)).status).toBe(404);
    }
  }, 300_000);
});
