import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { acquireClusterStore, isClusterStore } from './cluster-store.js';

/** The repository root, found from this file's place in tests/dist/support/. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export const SERVICE_NAMES = ['trainer', 'predictor', 'gateway'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

const HEALTH_TIMEOUT_MS = 30_000;
// Longer than a service's own shutdown grace (10 s), so a slow but orderly exit on a busy machine is not cut short.
const STOP_GRACE_MS = 15_000;
const LOG_TAIL_CHARS = 16_000;

export interface Platform {
  gatewayUrl: string;
  trainerUrl: string;
  predictorUrl: string;
  urls: Record<ServiceName, string>;
  modelsDir: string;
  /** UPLOAD_DIR of the trainer and the predictor (each spools into its own subdir). */
  uploadDir: string;
  /**
   * Stops one service (or every service, keeping the models dir) and waits for it to exit:
   * SIGTERM, then SIGKILL after a grace period; `{ signal: 'SIGKILL' }` simulates a crash.
   */
  stop(name?: ServiceName, options?: { signal?: NodeJS.Signals }): Promise<void>;
  /** Starts a stopped service again on its port and waits until GET /health answers 200. */
  start(name: ServiceName): Promise<void>;
  /** Stops every service and removes the models and upload dirs. */
  stopAll(): Promise<void>;
  /** What the service has written to stdout and stderr so far (tail). */
  logs(name: ServiceName): string;
  /** The process id of a running service (undefined when it is stopped), e.g. to read /proc/<pid>/status. */
  pid(name: ServiceName): number | undefined;
  /** How a service's last process ended: by itself (a code) or by a signal, e.g. the SIGKILL stop() sends after its grace. */
  lastExit(name: ServiceName): { code: number | null; signal: NodeJS.Signals | null } | undefined;
}

export interface StartPlatformOptions {
  /** Environment variables for all three services, applied over the defaults (e.g. MAX_UPLOAD_MB, LOG_LEVEL). */
  env?: Record<string, string>;
}

interface Running {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exited: Promise<void>;
}

/** Asks the OS for a free loopback port: listen on port 0, read the port, close. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('no port was assigned'));
      server.close(() => resolve(address.port));
    });
  });
}

const tail = (text: string) => (text.length > LOG_TAIL_CHARS ? `…${text.slice(-LOG_TAIL_CHARS)}` : text);

const alive = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of alive) child.kill('SIGKILL');
});

/**
 * Starts the three real services as child processes on free loopback ports over a fresh temp
 * models dir, and resolves once each answers GET /health with 200.
 */
export async function startPlatform(options: StartPlatformOptions = {}): Promise<Platform> {
  // Cluster mode (TABULA_E2E_STORE=postgres): the same services over a fresh database and bucket prefix.
  const clusterStore = isClusterStore() ? await acquireClusterStore() : undefined;
  const modelsDir = await mkdtemp(join(tmpdir(), 'tabula-e2e-'));
  // Its own upload dir, so that a test can see exactly what the services spooled and cleaned up.
  const uploadDir = await mkdtemp(join(tmpdir(), 'tabula-e2e-uploads-'));
  const picked = new Set<number>();
  while (picked.size < 3) picked.add(await freePort());
  const [trainerPort, predictorPort, gatewayPort] = [...picked];
  const ports: Record<ServiceName, number> = { trainer: trainerPort, predictor: predictorPort, gateway: gatewayPort };
  const urls = Object.fromEntries(
    SERVICE_NAMES.map((name) => [name, `http://127.0.0.1:${ports[name]}`]),
  ) as Record<ServiceName, string>;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    GATEWAY_PORT: String(gatewayPort),
    TRAINER_PORT: String(trainerPort),
    PREDICTOR_PORT: String(predictorPort),
    MODELS_DIR: modelsDir,
    UPLOAD_DIR: uploadDir,
    TRAINER_URL: urls.trainer,
    PREDICTOR_URL: urls.predictor,
    LOG_LEVEL: 'warn',
    ...clusterStore?.env,
    ...options.env,
  };
  const running = new Map<ServiceName, Running>();
  const lastLogs = new Map<ServiceName, string>();
  const lastExits = new Map<ServiceName, { code: number | null; signal: NodeJS.Signals | null }>();

  function spawnService(name: ServiceName): Running {
    const entry = join(REPO_ROOT, 'services', name, 'dist', 'server.js');
    if (!existsSync(entry)) throw new Error(`${entry} does not exist: build the workspace first (tsc -b).`);
    const child = spawn(process.execPath, [entry], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const run: Running = {
      child,
      stdout: '',
      stderr: '',
      exited: new Promise((resolve) =>
        child.once('exit', (code, signal) => {
          lastExits.set(name, { code, signal });
          resolve();
        }),
      ),
    };
    alive.add(child);
    void run.exited.then(() => alive.delete(child));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      run.stdout = tail(run.stdout + chunk);
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      run.stderr = tail(run.stderr + chunk);
    });
    running.set(name, run);
    return run;
  }

  function describeLogs(name: ServiceName): string {
    const run = running.get(name);
    if (!run) return lastLogs.get(name) ?? '(not running)';
    return `--- stderr ---\n${run.stderr || '(empty)'}\n--- stdout ---\n${run.stdout || '(empty)'}`;
  }

  async function waitHealthy(name: ServiceName, run: Running): Promise<void> {
    const deadline = Date.now() + HEALTH_TIMEOUT_MS;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      if (run.child.exitCode !== null || run.child.signalCode !== null) {
        throw new Error(
          `${name} exited (code ${run.child.exitCode}, signal ${run.child.signalCode}) before answering GET /health.\n${describeLogs(name)}`,
        );
      }
      try {
        const res = await fetch(`${urls[name]}/health`, { signal: AbortSignal.timeout(2_000) });
        await res.arrayBuffer();
        if (res.status === 200) return;
        last = `status ${res.status}`;
      } catch (error) {
        last = (error as Error).message;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(
      `${name} did not answer GET ${urls[name]}/health with 200 within ${HEALTH_TIMEOUT_MS} ms (last: ${last}).\n${describeLogs(name)}`,
    );
  }

  async function start(name: ServiceName): Promise<void> {
    if (running.has(name)) throw new Error(`${name} is already running`);
    await waitHealthy(name, spawnService(name));
  }

  async function stopOne(name: ServiceName, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const run = running.get(name);
    if (!run) return;
    running.delete(name);
    if (run.child.exitCode === null && run.child.signalCode === null) {
      run.child.kill(signal);
      const timer = setTimeout(() => run.child.kill('SIGKILL'), STOP_GRACE_MS);
      await run.exited;
      clearTimeout(timer);
    }
    lastLogs.set(name, `--- stderr ---\n${run.stderr || '(empty)'}\n--- stdout ---\n${run.stdout || '(empty)'}`);
  }

  async function stop(name?: ServiceName, options: { signal?: NodeJS.Signals } = {}): Promise<void> {
    await Promise.all((name ? [name] : [...running.keys()]).map((n) => stopOne(n, options.signal)));
  }

  const platform: Platform = {
    gatewayUrl: urls.gateway,
    trainerUrl: urls.trainer,
    predictorUrl: urls.predictor,
    urls,
    modelsDir,
    uploadDir,
    stop,
    start,
    async stopAll() {
      await stop();
      await rm(modelsDir, { recursive: true, force: true });
      await rm(uploadDir, { recursive: true, force: true });
      await clusterStore?.release();
    },
    logs: describeLogs,
    pid: (name) => running.get(name)?.child.pid,
    lastExit: (name) => lastExits.get(name),
  };

  try {
    await Promise.all(SERVICE_NAMES.map((name) => start(name)));
  } catch (error) {
    await platform.stopAll();
    throw error;
  }
  return platform;
}
