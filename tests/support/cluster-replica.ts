import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, type ServiceName } from './platform.js';

/** One replica of a service in a test cluster: a real `services/<name>/dist/server.js` process on its own port. */
export interface Replica {
  readonly service: ServiceName;
  /** e.g. `predictor-2`, for messages. */
  readonly label: string;
  readonly url: string;
  /** Starts it (again, on the same port) and waits until GET /health answers 200, and /ready too when `ready`. */
  start(options?: { ready?: boolean }): Promise<void>;
  /** SIGTERM (or the given signal; SIGKILL is `kill -9`), then waits for the exit; SIGKILL after a grace period. */
  stop(options?: { signal?: NodeJS.Signals }): Promise<void>;
  isRunning(): boolean;
  pid(): number | undefined;
  /** Everything it has written so far (tail), the last run's when stopped. */
  logs(): string;
  /** How its last process ended when nobody stopped it (a crash), for the failure message; undefined otherwise. */
  crashed(): string | undefined;
}

const HEALTH_TIMEOUT_MS = 60_000;
// Longer than a service's own shutdown grace (10 s), as in platform.ts.
const STOP_GRACE_MS = 15_000;
const LOG_TAIL_CHARS = 64_000;

const alive = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of alive) child.kill('SIGKILL');
});

/** A replica that is not started yet; `env` is its whole environment (port, URLs, store settings). */
export function defineReplica(service: ServiceName, label: string, url: string, env: NodeJS.ProcessEnv): Replica {
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let output = '';
  let crash: string | undefined;

  const describe = () => `--- ${label} output (tail) ---\n${output || '(empty)'}`;

  async function waitForStatus(path: string, current: ChildProcess): Promise<void> {
    const deadline = Date.now() + HEALTH_TIMEOUT_MS;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      if (current.exitCode !== null || current.signalCode !== null) {
        throw new Error(`${label} exited (code ${current.exitCode}, signal ${current.signalCode}) before GET ${path} answered 200.\n${describe()}`);
      }
      try {
        const res = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(2_000) });
        last = `status ${res.status} ${(await res.text()).slice(0, 300)}`;
        if (res.status === 200) return;
      } catch (error) {
        last = (error as Error).message;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${label} did not answer GET ${url}${path} with 200 within ${HEALTH_TIMEOUT_MS} ms (last: ${last}).\n${describe()}`);
  }

  return {
    service,
    label,
    url,
    async start(options = {}) {
      if (child) throw new Error(`${label} is already running`);
      const entry = join(REPO_ROOT, 'services', service, 'dist', 'server.js');
      if (!existsSync(entry)) throw new Error(`${entry} does not exist: build the workspace first (tsc -b).`);
      output = '';
      crash = undefined;
      const current = spawn(process.execPath, [entry], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      child = current;
      alive.add(current);
      exited = new Promise((resolve) => current.once('exit', () => resolve()));
      void exited.then(() => {
        alive.delete(current);
        // Still ours when it exited: nobody called stop(), so it crashed.
        if (child === current) {
          child = undefined;
          crash = `${label} exited by itself (code ${current.exitCode}, signal ${current.signalCode}).\n${describe()}`;
        }
      });
      const keep = (chunk: string) => {
        output = output.length + chunk.length > LOG_TAIL_CHARS ? `…${(output + chunk).slice(-LOG_TAIL_CHARS)}` : output + chunk;
      };
      current.stdout?.setEncoding('utf8').on('data', keep);
      current.stderr?.setEncoding('utf8').on('data', keep);
      await waitForStatus('/health', current);
      if (options.ready) await waitForStatus('/ready', current);
    },
    async stop(options = {}) {
      const current = child;
      if (!current) return;
      child = undefined;
      if (current.exitCode === null && current.signalCode === null) {
        current.kill(options.signal ?? 'SIGTERM');
        const timer = setTimeout(() => current.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
    },
    isRunning: () => child !== undefined,
    pid: () => child?.pid,
    logs: describe,
    crashed: () => crash,
  };
}
