import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, freePort } from '@tabula/tests/support/platform.js';
import { childEnv } from '../model-files/run-cold-load.js';

const HEALTH_TIMEOUT_MS = 60_000;
// Longer than a service's own shutdown grace (10 s), as the test platform waits.
const STOP_GRACE_MS = 15_000;
const LOG_TAIL_CHARS = 8_000;

// A bench that dies half-way must not leave services listening.
const alive = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of alive) child.kill('SIGKILL');
});

interface Service {
  name: string;
  url: string;
  child: ChildProcess;
  output: string;
  exited: Promise<void>;
}

/** One gateway in front of N predictor processes, all over one store. */
export interface Replicas {
  gatewayUrl: string;
  predictorUrls: string[];
  pids: number[];
  stop(): Promise<void>;
}

/**
 * Starts `count` predictors and one gateway listing them all in PREDICTOR_URL, as real processes on free loopback
 * ports. Each predictor gets `storeEnv` (MODELS_DIR, or the cluster settings DATABASE_URL + ARTIFACTS_URI + S3_*)
 * plus `env`: the same map runs a shared folder today and the PostgreSQL registry once the services read it.
 * No trainer runs: the bench writes its model into the store itself, and the gateway's TRAINER_URL is never called.
 */
export async function startReplicas(count: number, storeEnv: Record<string, string>, env: Record<string, string>): Promise<Replicas> {
  const uploadDir = await mkdtemp(join(tmpdir(), 'tabula-bench-replicas-'));
  const services: Service[] = [];
  const stop = async () => {
    await Promise.all(services.map(stopService));
    await rm(uploadDir, { recursive: true, force: true });
  };
  try {
    const ports = new Set<number>();
    while (ports.size < count + 2) ports.add(await freePort());
    const [gatewayPort, trainerPort, ...predictorPorts] = [...ports];
    // In cluster mode MODELS_DIR is unused, but a predictor that does not read DATABASE_URL yet would otherwise make
    // its default ./data/models inside the repository.
    const modelsDir = storeEnv.MODELS_DIR ?? join(uploadDir, 'models-unused');
    const base = { ...childEnv(storeEnv), MODELS_DIR: modelsDir, HOST: '127.0.0.1', UPLOAD_DIR: uploadDir, LOG_LEVEL: 'warn', ...env };
    for (const [i, port] of predictorPorts.entries()) {
      services.push(spawnService(`predictor ${i + 1}`, 'predictor', port, { ...base, PREDICTOR_PORT: String(port) }));
    }
    const predictorUrls = services.map((service) => service.url);
    const gatewayEnv = { ...base, GATEWAY_PORT: String(gatewayPort), PREDICTOR_URL: predictorUrls.join(','), TRAINER_URL: `http://127.0.0.1:${trainerPort}` };
    services.push(spawnService('gateway', 'gateway', gatewayPort, gatewayEnv));
    await Promise.all(services.map(waitHealthy));
    return { gatewayUrl: services.at(-1)!.url, predictorUrls, pids: services.map((service) => service.child.pid!), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function spawnService(name: string, dir: string, port: number, env: NodeJS.ProcessEnv): Service {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'services', dir, 'dist', 'server.js')], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const service: Service = { name, url: `http://127.0.0.1:${port}`, child, output: '', exited: new Promise((resolve) => child.once('exit', () => resolve())) };
  alive.add(child);
  void service.exited.then(() => alive.delete(child));
  const keep = (chunk: Buffer) => {
    service.output = (service.output + chunk.toString('utf8')).slice(-LOG_TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return service;
}

/** Polls GET /health until 200; fails at once with the service's output when it exits first. */
async function waitHealthy(service: Service): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null || service.child.signalCode !== null) {
      throw new Error(`${service.name} exited (${service.child.exitCode ?? service.child.signalCode}) before answering /health:\n${service.output}`);
    }
    const status = await fetch(`${service.url}/health`, { signal: AbortSignal.timeout(2_000) }).then(
      async (res) => (await res.arrayBuffer(), res.status),
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${service.name} did not answer GET ${service.url}/health with 200 within ${HEALTH_TIMEOUT_MS} ms:\n${service.output}`);
}

async function stopService(service: Service): Promise<void> {
  if (service.child.exitCode !== null || service.child.signalCode !== null) return;
  service.child.kill('SIGTERM');
  const timer = setTimeout(() => service.child.kill('SIGKILL'), STOP_GRACE_MS);
  await service.exited;
  clearTimeout(timer);
}
