import { describe, expect, it } from '@jest/globals';
import { JobAcceptedSchema, ModelDetailSchema } from '@tabula/contracts';
import { predictJson, reportFigure, trainVia, useCluster, waitUntil } from '../support/cluster-api.js';
import { getJson, type ApiResponse } from '../support/http.js';

const MODEL = 'outage';
const RECOVERY_DEADLINE_MS = 120_000;

type Phase = 'before' | 'down' | 'after';
interface Seen {
  phase: Phase;
  kind: string;
  status: number;
  code?: string;
  text: string;
}

/**
 * Never a 500, never a stack, never the database URL (it holds the password): what a client may see at any time,
 * outage or not. The registry's 503 names the database's host and port and why it failed, on purpose ("which and why").
 */
function isClean(seen: Seen): boolean {
  return seen.status !== 500 && !/\n\s+at\s+\S/.test(seen.text) && !/postgres(ql)?:\/\//.test(seen.text);
}

/** One line per distinct answer, for a short failure message. */
const distinct = (list: Seen[]) => [...new Set(list.map((s) => `${s.phase} ${s.kind}: ${s.status} ${s.code ?? s.text.slice(0, 200)}`))];

// Issue 14: "the database restarted mid-load → services answer 503 with a clear error while it is down and recover by
// themselves, with nothing lost".
describe('cluster: the database restarted mid-load', () => {
  const cluster = useCluster();

  it('should answer 503 REGISTRY_UNAVAILABLE (or from cache) while the database is down, and recover with nothing lost', async () => {
    const [gatewayA, gatewayB] = cluster.gateways;
    for (const gateway of [gatewayA, gatewayB]) expect((await trainVia(gateway.url, { model_name: MODEL })).status).toBe(201);
    const accepted = await trainVia(gatewayA.url, { model_name: MODEL }, { async: true });
    const jobId = JobAcceptedSchema.parse(accepted.body).job_id;
    await waitUntil(`job ${jobId} done`, async () => ((await getJson(`${gatewayB.url}/jobs/${jobId}`)).body?.status === 'succeeded' ? true : undefined), 300_000, 200);
    const jobBefore = (await getJson(`${gatewayB.url}/jobs/${jobId}`)).body;
    const versionsBefore = ModelDetailSchema.parse((await getJson(`${gatewayA.url}/models/${MODEL}`)).body).versions.map((v) => v.version);
    expect(versionsBefore).toEqual([1, 2, 3]);

    // The load: predictions (default and by number) and registry reads through both gateways, until told to stop.
    let phase: Phase = 'before';
    let running = true;
    const seen: Seen[] = [];
    const probes: Record<string, (base: string) => Promise<ApiResponse>> = {
      'predict default': (base) => predictJson(base, MODEL),
      'predict v1': (base) => predictJson(base, MODEL, 1),
      'registry read': (base) => getJson(`${base}/models/${MODEL}`),
      'job read': (base) => getJson(`${base}/jobs/${jobId}`),
    };
    const loops = Object.entries(probes).flatMap(([kind, probe]) =>
      [gatewayA, gatewayB].map(async (gateway) => {
        while (running) {
          const sentIn = phase;
          try {
            const res = await probe(gateway.url);
            seen.push({ phase: sentIn, kind, status: res.status, code: res.body?.error?.code, text: res.text.slice(0, 500) });
          } catch (error) {
            seen.push({ phase: sentIn, kind, status: 0, text: `transport: ${(error as Error).message}` });
          }
        }
      }),
    );
    const countIn = (p: Phase) => seen.filter((s) => s.phase === p).length;
    await waitUntil('load under way', async () => (countIn('before') >= 40 ? true : undefined), 60_000);

    await cluster.backing.stopDatabase();
    const downAt = Date.now();
    phase = 'down';
    // While down: the load keeps going, and a training (which must write the registry) is refused.
    await waitUntil('answers during the outage', async () => (countIn('down') >= 24 ? true : undefined), 120_000);
    const trainDuringOutage = await trainVia(gatewayB.url, { model_name: MODEL });
    await cluster.backing.startDatabase();
    phase = 'after';
    const upAt = Date.now();

    // Recovery by themselves: no service is restarted. Registry reads through both gateways answer again.
    for (const gateway of [gatewayA, gatewayB]) {
      await waitUntil(`${gateway.label} reads the registry again`, async () => ((await getJson(`${gateway.url}/models/${MODEL}`)).status === 200 ? true : undefined), RECOVERY_DEADLINE_MS, 100);
    }
    const recoveredMs = Date.now() - upAt;
    await waitUntil('answers after the outage', async () => (seen.filter((s) => s.phase === 'after' && s.status === 200).length >= 40 ? true : undefined), RECOVERY_DEADLINE_MS);
    running = false;
    await Promise.all(loops);

    const tally = (p: Phase) =>
      Object.entries(
        seen.filter((s) => s.phase === p).reduce<Record<string, number>>((acc, s) => {
          const key = `${s.kind} ${s.status}${s.code ? ` ${s.code}` : ''}`;
          acc[key] = (acc[key] ?? 0) + 1;
          return acc;
        }, {}),
      )
        .map(([key, n]) => `${key} ×${n}`)
        .join('; ');
    reportFigure('database outage', `down ${upAt - downAt} ms; during: ${tally('down')}; train during: ${trainDuringOutage.status} ${trainDuringOutage.body?.error?.code ?? ''}`);
    reportFigure('database recovery', `registry reads answer 200 through both gateways ${recoveredMs} ms after the restart; after: ${tally('after')}`);

    expect(distinct(seen.filter((s) => !isClean(s)))).toEqual([]);
    // Every refusal during the outage is a 503 JSON error with a sentence in it (the gateway's own, or the registry's).
    const refusals = seen.filter((s) => s.phase === 'down' && s.status !== 200);
    const unclear = refusals.filter((s) => s.status !== 503 || !['REGISTRY_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE'].includes(s.code ?? ''));
    expect(distinct(unclear)).toEqual([]);
    expect(seen.some((s) => s.phase === 'down' && s.code === 'REGISTRY_UNAVAILABLE')).toBe(true);
    expect({ status: trainDuringOutage.status, code: trainDuringOutage.body?.error?.code }).toEqual({ status: 503, code: 'REGISTRY_UNAVAILABLE' });
    expect(String(trainDuringOutage.body?.error?.message ?? '')).toMatch(/database|registry/i);

    // Nothing lost, and the cluster writes again: every version and the job from before, and a new version 4.
    const versionsAfter = ModelDetailSchema.parse((await getJson(`${gatewayB.url}/models/${MODEL}`)).body).versions.map((v) => v.version);
    expect(versionsAfter).toEqual(versionsBefore);
    expect((await getJson(`${gatewayA.url}/jobs/${jobId}`)).body).toEqual(jobBefore);
    const trainedAfter = await trainVia(gatewayA.url, { model_name: MODEL });
    expect({ status: trainedAfter.status, version: trainedAfter.body?.version }).toEqual({ status: 201, version: 4 });
    for (const predictor of cluster.predictors) expect((await predictJson(predictor.url, MODEL, 4)).status).toBe(200);
  }, 900_000);
});
