import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** dist/server.js of this service, from this file's place in services/trainer/dist/test/. */
const SERVER_JS = fileURLToPath(new URL('../server.js', import.meta.url));
// Generous: a trainer on a busy two-core machine may take a while to start and to answer.
const EVENT_TIMEOUT_MS = 120_000;

/** One structured log line of a trainer (pino JSON). */
export interface LogLine {
  msg?: string;
  /** When it was logged: epoch ms or an ISO string, as the logger writes it. */
  time?: number | string;
  job_id?: string;
  [key: string]: unknown;
}

/** A real trainer process (node dist/server.js) on a loopback port, whose log lines a test can wait for. */
export interface TrainerProcess {
  url: string;
  pid: number;
  /** Resolves with the first log line (past or future) that `matches`; rejects if the process exits first or after a bounded wait. */
  waitForLog(matches: (line: LogLine) => boolean): Promise<LogLine>;
  /** Sends `signal` (SIGTERM by default) and waits for the process to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startTrainerProcess(env: Record<string, string>): Promise<TrainerProcess> {
  // Port 0: the kernel picks a free one, and the trainer's "listening" log line says which.
  const child = spawn(process.execPath, [SERVER_JS], {
    env: { ...process.env, NODE_NO_WARNINGS: '1', HOST: '127.0.0.1', TRAINER_PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  const listeners = new Set<() => void>();
  let stderr = '';
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const complete = buffered.split('\n');
    buffered = complete.pop() ?? '';
    for (const text of complete) lines.push(parseLine(text));
    listeners.forEach((listener) => listener());
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
    listeners.forEach((listener) => listener());
  });

  const waitForLog = (matches: (line: LogLine) => boolean) =>
    new Promise<LogLine>((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`no matching log line within ${EVENT_TIMEOUT_MS} ms`)), EVENT_TIMEOUT_MS);
      const check = () => {
        const found = lines.find(matches);
        if (found) finish(undefined, found);
        else if (hasExited) finish(new Error(`the trainer exited first; stderr: ${stderr.slice(-2000)}`));
      };
      function finish(error?: Error, line?: LogLine) {
        clearTimeout(timer);
        listeners.delete(check);
        if (line) resolve(line);
        else reject(error);
      }
      listeners.add(check);
      check();
    });

  const stop = (signal: NodeJS.Signals = 'SIGTERM') => stopChild(child, exited, signal);
  try {
    const { port } = await waitForLog((line) => line.msg === 'listening');
    await waitForLog((line) => line.msg === 'trainer ready');
    return { url: `http://127.0.0.1:${String(port)}`, pid: child.pid ?? -1, waitForLog, stop };
  } catch (error) {
    await stop('SIGKILL');
    throw error;
  }
}

function stopChild(child: ChildProcess, exited: Promise<void>, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  return exited;
}

function parseLine(text: string): LogLine {
  try {
    return JSON.parse(text) as LogLine;
  } catch {
    return { msg: text };
  }
}
