import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, SERVICE_NAMES, freePort, type ServiceName } from './platform.js';

const OUTPUT_TAIL_CHARS = 64_000;

/** `npm start` (or `node scripts/tabula.mjs start`) as a child process, with its output kept for assertions. */
export interface Launcher {
  child: ChildProcess;
  ports: Record<ServiceName, number>;
  urls: Record<ServiceName, string>;
  modelsDir: string;
  /** Everything written to stdout and stderr so far (tail). */
  output(): string;
  /** Resolves with the first match of `pattern` in the output from `from` on; rejects when the launcher exits first or time runs out. */
  waitFor(pattern: RegExp, options?: { from?: number; timeoutMs?: number }): Promise<RegExpMatchArray>;
  /** Resolves when the process has exited, with its code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills whatever is still running and removes the temp dirs. */
  cleanUp(): Promise<void>;
}

export interface StartLauncherOptions {
  /** `npm` runs `npm start`; `node` runs the launcher directly. */
  via?: 'npm' | 'node';
  env?: Record<string, string>;
  /** Ports to use instead of free ones, e.g. one already taken. */
  ports?: Partial<Record<ServiceName, number>>;
}

/**
 * Starts the launcher over a temp models dir on free loopback ports, skipping install and compile
 * (the tests run from an already built tree).
 */
export async function startLauncher(options: StartLauncherOptions = {}): Promise<Launcher> {
  const modelsDir = await mkdtemp(join(tmpdir(), 'tabula-launcher-'));
  const uploadDir = await mkdtemp(join(tmpdir(), 'tabula-launcher-uploads-'));
  const picked = new Set<number>(Object.values(options.ports ?? {}));
  const ports = {} as Record<ServiceName, number>;
  for (const name of SERVICE_NAMES) {
    let port = options.ports?.[name];
    while (port === undefined || (options.ports?.[name] === undefined && picked.has(port))) port = await freePort();
    picked.add(port);
    ports[name] = port;
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    GATEWAY_PORT: String(ports.gateway),
    TRAINER_PORT: String(ports.trainer),
    PREDICTOR_PORT: String(ports.predictor),
    MODELS_DIR: modelsDir,
    UPLOAD_DIR: uploadDir,
    LOG_LEVEL: 'warn',
    TABULA_SKIP_BUILD: '1',
    ...options.env,
  };
  const [command, args] = options.via === 'npm' ? ['npm', ['start']] : [process.execPath, [join(REPO_ROOT, 'scripts', 'tabula.mjs'), 'start']];
  const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: string) => {
    output = (output + chunk).slice(-OUTPUT_TAIL_CHARS);
    for (const listener of listeners) listener();
  };
  child.stdout.setEncoding('utf8').on('data', append);
  child.stderr.setEncoding('utf8').on('data', append);
  let hasExited = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => {
      hasExited = true;
      for (const listener of listeners) listener();
      resolve({ code, signal });
    }),
  );

  const waitFor: Launcher['waitFor'] = (pattern, { from = 0, timeoutMs = 60_000 } = {}) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const match = output.slice(from).match(pattern);
        if (match) return finish(() => resolve(match));
        if (hasExited) return finish(() => reject(new Error(`the launcher exited before printing ${pattern}:\n${output}`)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`))), timeoutMs);
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        listeners.delete(check);
        settle();
      };
      listeners.add(check);
      check();
    });

  return {
    child,
    ports,
    urls: Object.fromEntries(SERVICE_NAMES.map((name) => [name, `http://127.0.0.1:${ports[name]}`])) as Record<ServiceName, string>,
    modelsDir,
    output: () => output,
    waitFor,
    exited,
    async cleanUp() {
      for (const pid of startedPids(output)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
      if (!hasExited) child.kill('SIGKILL');
      await exited;
      await rm(modelsDir, { recursive: true, force: true });
      await rm(uploadDir, { recursive: true, force: true });
    },
  };
}

/** The pids of every service process the launcher reported starting ("tabula: started trainer (pid 123)…"). */
export function startedPids(output: string): number[] {
  return [...output.matchAll(/\b(?:started|restarted) \w+ \(pid (\d+)\)/g)].map((match) => Number(match[1]));
}

/** The pid the launcher reported for each service's first start. */
export function servicePids(output: string): Record<ServiceName, number> {
  const pids = {} as Record<ServiceName, number>;
  for (const match of output.matchAll(/\bstarted (trainer|predictor|gateway) \(pid (\d+)\)/g)) pids[match[1] as ServiceName] ??= Number(match[2]);
  return pids;
}

/** Whether a process runs: it exists and is not a zombie waiting to be reaped. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state …"; Z is a zombie, X dead.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/\)\s+[ZX]\s/.test(stat);
  } catch {
    return false;
  }
}

/** Waits, a bounded number of times, until none of the pids runs; answers the ones still running. */
export async function waitGone(pids: number[], timeoutMs = 30_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const running = pids.filter(isAlive);
    if (running.length === 0 || Date.now() > deadline) return running;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
