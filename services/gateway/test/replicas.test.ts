import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from '@jest/globals';
import { ServiceMetrics, createLogger } from '@tabula/service-kit';
import request from 'supertest';
import { createApp } from '#dist/app.js';
import { REPLAY_BODY_MAX_BYTES } from '#dist/upstream/replay-body.js';
import { closedPortUrl, readBody, startStandIn, type StandInService } from './stand-in-service.js';
import { testReplicas, testUpstream } from './test-upstream.js';

// Several replicas of a service behind one gateway (PREDICTOR_URL and TRAINER_URL as lists), each a real HTTP
// server on 127.0.0.1: where calls go, what happens to a replica that fails and comes back, and which calls are
// sent again to another replica when the first connection fails.

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const started: StandInService[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((service) => service.close()));
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A healthy replica: /ready 200, a body echoed as its size and digest, any other call answered with its URL. */
const answering = (ready: () => boolean = () => true): Handler => (req, res) => {
  if (req.url === '/ready' || req.url === '/health') return void res.writeHead(ready() ? 200 : 503).end();
  void readBody(req).then((body) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url: req.url, bytes: body.length, sha256: sha256(body) })));
};

/** A replica that takes each call's connection and drops it before any byte of an answer (ECONNRESET). */
const resetting: Handler = (req) => req.socket.destroy();

async function replica(handle: Handler, port = 0): Promise<StandInService> {
  const service = await startStandIn(handle, port);
  started.push(service);
  return service;
}

/** The gateway's log lines as they are written, and a wait for the first line that matches. */
function logSink() {
  const lines: Array<Record<string, unknown>> = [];
  const waiters: Array<{ matches: (line: Record<string, unknown>) => boolean; resolve: () => void }> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n').filter(Boolean)) {
        const line = JSON.parse(text) as Record<string, unknown>;
        lines.push(line);
        for (const waiter of waiters.filter((w) => w.matches(line))) waiter.resolve();
      }
      done();
    },
  });
  const waitFor = (matches: (line: Record<string, unknown>) => boolean) =>
    lines.some(matches) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ matches, resolve }));
  return { stream, lines, waitFor };
}

function gateway({ predictors = ['http://127.0.0.1:9'], trainers = ['http://127.0.0.1:9'] }: { predictors?: string[]; trainers?: string[] }) {
  const sink = logSink();
  const metrics = new ServiceMetrics('gateway');
  const service = (name: string, urls: string[]) => (urls.length > 1 ? testReplicas(name, urls) : testUpstream(name, urls[0]));
  const app = createApp({
    logger: createLogger('gateway', 'info', sink.stream),
    metrics,
    access: { corsOrigins: [] },
    trustProxy: false,
    trainer: service('trainer', trainers),
    predictor: service('predictor', predictors),
    timeouts: { trainMs: 10_000, predictMs: 10_000, readMs: 10_000 },
    replicaProbe: { intervalMs: 20, timeoutMs: 1000 },
  });
  const inRotation = async (replicaId: string) => {
    const text = await metrics.registry.getSingleMetricAsString('tabula_gateway_upstream_replica_in_rotation');
    const line = text.split('\n').find((l) => l.includes(`replica="${replicaId}"`));
    return line === undefined ? undefined : Number(line.split(' ').pop());
  };
  return { app, logs: sink, inRotation };
}

const callsTo = (service: StandInService, path: string) => service.received.filter((r) => r.url === path).length;
const retries = (logs: ReturnType<typeof logSink>) => logs.lines.filter((line) => line.msg === 'retrying an upstream call').length;

describe('a service with several replicas', () => {
  it('should spread calls evenly over replicas that are equally busy', async () => {
    const replicas = [await replica(answering()), await replica(answering()), await replica(answering())];
    const { app } = gateway({ predictors: replicas.map((r) => r.url) });
    for (let i = 0; i < 9; i++) await request(app).get('/models').expect(200);
    expect(replicas.map((r) => callsTo(r, '/models'))).toEqual([3, 3, 3]);
  });

  it('should send calls to the replica with the fewest in flight, not in turn', async () => {
    let release: () => void = () => undefined;
    let onHeld: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (onHeld = resolve));
    const busy = await replica((req, res) => {
      if (req.url !== '/models/held') return answering()(req, res);
      release = () => res.end('{}');
      onHeld();
    });
    const idle = await replica(answering());
    const { app } = gateway({ predictors: [busy.url, idle.url] });
    const holding = request(app).get('/models/held').then((res) => res.status);
    await held;
    for (let i = 0; i < 4; i++) await request(app).get('/models').expect(200);
    expect({ busy: callsTo(busy, '/models'), idle: callsTo(idle, '/models') }).toEqual({ busy: 0, idle: 4 });
    release();
    expect(await holding).toBe(200);
  });

  it('should skip a replica that refuses connections, keep the circuit closed, and take it back once its /ready answers 200', async () => {
    const deadUrl = await closedPortUrl();
    const live = await replica(answering());
    const { app, logs, inRotation } = gateway({ predictors: [deadUrl, live.url], trainers: [live.url] });

    // The first call meets the dead replica and fails over; the next ones go straight to the live one.
    for (let i = 0; i < 6; i++) await request(app).get('/models').expect(200);
    expect(callsTo(live, '/models')).toBe(6);
    expect(retries(logs)).toBe(1);
    expect(logs.lines).toContainEqual(expect.objectContaining({ level: 'warn', replica: 'predictor-1', url: deadUrl, reason: 'ECONNREFUSED' }));
    expect(await inRotation('predictor-1')).toBe(0);
    expect(await inRotation('predictor-2')).toBe(1);
    const ready = await request(app).get('/ready').expect(200);
    expect(ready.body.checks.predictor.message).toMatch(/^1 of 2 predictor replicas ready: predictor-1 unreachable \(ECONNREFUSED\), out of rotation; predictor-2 ready$/);

    // Back on its port: the background probe of its /ready brings it back, and calls reach it again.
    const revived = await replica(answering(), Number(new URL(deadUrl).port));
    await logs.waitFor((line) => line.replica === 'predictor-1' && /back in the rotation/.test(String(line.msg)));
    expect(await inRotation('predictor-1')).toBe(1);
    for (let i = 0; i < 4; i++) await request(app).get('/models').expect(200);
    expect(callsTo(revived, '/models')).toBe(2);
    expect(callsTo(revived, '/ready')).toBeGreaterThanOrEqual(1);
  });

  it('should take a replica whose /ready is not 200 out of the rotation until it is', async () => {
    let isReady = false;
    const starting = await replica(answering(() => isReady));
    const live = await replica(answering());
    const { app, logs } = gateway({ predictors: [starting.url, live.url], trainers: [live.url] });

    const ready = await request(app).get('/ready').expect(200);
    expect(ready.body.checks.predictor).toMatchObject({ ok: true, message: '1 of 2 predictor replicas ready: predictor-1 /ready answered 503, out of rotation; predictor-2 ready' });
    for (let i = 0; i < 4; i++) await request(app).get('/models').expect(200);
    expect(callsTo(starting, '/models')).toBe(0);

    isReady = true;
    await logs.waitFor((line) => line.replica === 'predictor-1' && /back in the rotation/.test(String(line.msg)));
    for (let i = 0; i < 4; i++) await request(app).get('/models').expect(200);
    expect(callsTo(starting, '/models')).toBe(2);
  });

  it('should open the circuit when every replica fails, as with one: 502 while calls fail, then 503 at once', async () => {
    const { app } = gateway({ predictors: [await closedPortUrl(), await closedPortUrl()] });
    // Threshold 5 (testUpstream): a failure counts once no replica is left in rotation, i.e. from the 2nd attempt.
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await request(app).get('/models')).status);
    expect(statuses).toEqual([502, 502, 502, 503]);
    const refused = await request(app).get('/models').expect(503);
    expect(refused.body.error.code).toBe('UPSTREAM_CIRCUIT_OPEN');
  });

  it('should answer /ready 503 when no replica of a service is ready, listing each', async () => {
    const live = await replica(answering());
    const { app } = gateway({ predictors: [await closedPortUrl(), await closedPortUrl()], trainers: [live.url] });
    const res = await request(app).get('/ready').expect(503);
    expect(res.body.checks.predictor).toEqual({
      ok: false,
      message: '0 of 2 predictor replicas ready: predictor-1 unreachable (ECONNREFUSED), out of rotation; predictor-2 unreachable (ECONNREFUSED), out of rotation',
    });
    expect(res.body.checks.trainer).toEqual({ ok: true });
  });
});

describe('a call whose first connection fails', () => {
  const json = JSON.stringify({ model_name: 'iris', rows: [{ sepal_length: 5.1, sepal_width: 3.5 }] });

  it.each([
    ['refused', 'ECONNREFUSED'],
    ['reset before any byte of the answer', 'ECONNRESET'],
  ])('should send a JSON prediction once more to another predictor when the connection is %s: no client error', async (_how, code) => {
    const first = code === 'ECONNREFUSED' ? undefined : await replica(resetting);
    // A reset may meet the gateway still writing the body: EPIPE then says the same.
    const codes = code === 'ECONNREFUSED' ? /^ECONNREFUSED$/ : /^(ECONNRESET|EPIPE)$/;
    const second = await replica(answering());
    const { app, logs } = gateway({ predictors: [first?.url ?? (await closedPortUrl()), second.url] });
    for (const path of ['/predict', '/predict_batch']) {
      const res = await request(app).post(path).set('content-type', 'application/json').send(json);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ url: path, bytes: Buffer.byteLength(json), sha256: sha256(Buffer.from(json)) });
    }
    expect(retries(logs)).toBe(1);
    expect(logs.lines).toContainEqual(expect.objectContaining({ msg: 'retrying an upstream call', replica: 'predictor-1', err: expect.objectContaining({ code: expect.stringMatching(codes) }) }));
    if (first) expect(callsTo(first, '/predict')).toBe(1);
  });

  it('should fail over every one of many concurrent JSON predictions when a predictor is down', async () => {
    const live = await replica(answering());
    const { app } = gateway({ predictors: [await closedPortUrl(), live.url] });
    const answers = await Promise.all(Array.from({ length: 20 }, () => request(app).post('/predict').set('content-type', 'application/json').send(json)));
    expect(answers.map((res) => res.status)).toEqual(Array(20).fill(200));
    expect(callsTo(live, '/predict')).toBe(20);
  });

  it('should not send again a JSON body larger than the replay bound, nor a multipart upload: 502', async () => {
    const first = await replica(resetting);
    const second = await replica(answering());
    const { app, logs } = gateway({ predictors: [first.url, second.url] });
    const large = JSON.stringify({ rows: [{ text: 'x'.repeat(REPLAY_BODY_MAX_BYTES) }] });
    const tooLarge = await request(app).post('/predict').set('content-type', 'application/json').send(large);
    expect(tooLarge.status).toBe(502);
    expect(tooLarge.body.error.code).toBe('UPSTREAM_UNAVAILABLE');
    // The reset replica is out now; put it first again by resetting the turn with a fresh gateway.
    const fresh = gateway({ predictors: [first.url, second.url] });
    const upload = await request(fresh.app).post('/predict').field('model_name', 'iris').attach('file', Buffer.from('a,b\n1,2\n'), 'rows.csv');
    expect(upload.status).toBe(502);
    expect(callsTo(second, '/predict')).toBe(0);
    expect(retries(logs) + retries(fresh.logs)).toBe(0);
  });

  it('should never send a training again: the trainer that dropped it answers for it with 502', async () => {
    const first = await replica(resetting);
    const second = await replica(answering());
    const { app, logs } = gateway({ trainers: [first.url, second.url] });
    const res = await request(app).post('/train').field('target_column', 'variety').attach('dataset_file', Buffer.from('a,variety\n1,x\n'), 'data.csv');
    expect(res.status).toBe(502);
    expect(res.body.error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(callsTo(first, '/train')).toBe(1);
    expect(callsTo(second, '/train')).toBe(0);
    expect(retries(logs)).toBe(0);
  });
});
