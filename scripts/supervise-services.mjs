// `npm start`'s supervisor: the three services as local processes, kept up as compose's `restart: unless-stopped`
// keeps its containers. Plain JavaScript with no dependency, like tabula.mjs, which imports it once the tree is built.
//
// - Start-up: trainer, predictor and gateway start together; the ready banner comes once each answers GET /ready
//   (the gateway last: its /ready asks the other two). A service that exits first is named with its exit code and the
//   last lines of its stderr, and the others are stopped: a bad setting or a taken port must not restart forever.
// - After that, a service that exits is restarted after 1 s, doubling to 30 s while it keeps failing, and back to 1 s
//   once it has stayed up a minute. Each exit and restart is one `tabula:` line; the other services keep running.
// - SIGINT, SIGTERM or SIGHUP (or the parent `npm start` going away) stop all three: SIGTERM, SIGKILL after 15 s,
//   and the launcher exits 0 only once all are gone. The services run in their own process groups, so a Ctrl+C
//   reaches the launcher alone and the shutdown happens once, in order.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

const SERVICES = [
  { name: 'trainer', portVar: 'TRAINER_PORT', defaultPort: 8001 },
  { name: 'predictor', portVar: 'PREDICTOR_PORT', defaultPort: 8002 },
  { name: 'gateway', portVar: 'GATEWAY_PORT', defaultPort: 8000 },
];
/** A restarted service that stays up this long is healthy again: its next crash waits 1 s again. */
const BACKOFF_RESET_MS = 60_000;
const BACKOFF_FIRST_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;
/** A service drains its requests for up to 10 s after SIGTERM (service-kit's serve); past this it is killed. */
const STOP_GRACE_MS = 15_000;
const READY_POLL_MS = 250;
const READY_TIMEOUT_MS = 2_000;
/** How often a slow start says what it still waits for. */
const WAITING_NOTE_MS = 15_000;
const STDERR_TAIL_LINES = 20;

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** The port a service listens on, from its *_PORT variable; anything but a port number stops the launcher with a reason. */
function portOf({ portVar, defaultPort }, env, say) {
  const text = env[portVar];
  if (text === undefined || text.trim() === '') return defaultPort;
  const port = Number(text);
  if (Number.isInteger(port) && port >= 1 && port <= 65535) return port;
  say(`${portVar}=${text} is not a port number (1 to 65535); unset it for ${defaultPort}`);
  process.exit(2);
}

/** Writes a child's output on ours line by line (so two services never interleave within a line), and tells onLine. */
function relayLines(stream, out, onLine) {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
    out.write(`${line}\n`);
    onLine?.(line);
  });
}

/** What a /ready answer says is wrong, in one line: the failing checks' messages. */
function notReadyReason(status, text) {
  try {
    const failing = Object.entries(JSON.parse(text).checks ?? {}).filter(([, check]) => !check.ok);
    if (failing.length > 0) return `/ready answered ${status} (${failing.map(([name, check]) => `${name}: ${check.message ?? 'not ok'}`).join('; ')})`;
  } catch {
    // Not the JSON a service answers: the status says enough.
  }
  return `/ready answered ${status}`;
}

/**
 * Starts and supervises the three services over `root`'s builds (see the top of this file). `say` prints one
 * `tabula:` line. Never returns: the process exits once the services are stopped.
 */
export function superviseServices({ root, say, env: given = process.env }) {
  const startedAt = Date.now();
  // HOST applies to all three when set. Unset, only the gateway listens on every interface: trainer and predictor
  // check no API keys, so as in compose only the gateway is reachable from other machines.
  const host = given.HOST?.trim() || undefined;
  const probeHost = !host || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const shownHost = probeHost === '127.0.0.1' ? 'localhost' : probeHost;
  const units = SERVICES.map((spec) => ({ ...spec, port: portOf(spec, given, say), child: undefined, stderrTail: [], failures: 0, restarts: 0, timer: undefined, startedAt: 0 }));
  const byName = Object.fromEntries(units.map((unit) => [unit.name, unit]));
  const baseUrl = (unit) => `http://${probeHost}:${unit.port}`;
  const shownUrl = (unit, path = '') => `http://${shownHost}:${unit.port}${path}`;
  const env = {
    MODELS_DIR: join(root, 'data/models'),
    TRAINER_URL: baseUrl(byName.trainer),
    PREDICTOR_URL: baseUrl(byName.predictor),
    ...given,
    ...Object.fromEntries(units.map((unit) => [unit.portVar, String(unit.port)])),
  };
  const envOf = (unit) => (host || unit.name === 'gateway' ? env : { ...env, HOST: '127.0.0.1' });

  /** 'starting' until the banner, then 'running', then 'stopping' for good. */
  let phase = 'starting';
  let exitCode = 0;
  let killTimer;

  function launch(unit) {
    const child = spawn(process.execPath, [join(root, `services/${unit.name}/dist/server.js`)], {
      cwd: root,
      env: envOf(unit),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    unit.child = child;
    unit.startedAt = Date.now();
    unit.stderrTail = [];
    relayLines(child.stdout, process.stdout);
    relayLines(child.stderr, process.stderr, (line) => {
      unit.stderrTail.push(line);
      if (unit.stderrTail.length > STDERR_TAIL_LINES) unit.stderrTail.shift();
    });
    child.on('error', (error) => unit.stderrTail.push(`(the launcher could not run it: ${error.message})`));
    child.on('close', (code, signal) => onExit(unit, child, code, signal));
    return child;
  }

  function onExit(unit, child, code, signal) {
    if (unit.child !== child) return;
    unit.child = undefined;
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (phase === 'stopping') return finishIfStopped();
    if (phase === 'starting') {
      say(`${unit.name} exited with ${how} before it was ready; the last lines of its stderr:`);
      for (const line of unit.stderrTail.length > 0 ? unit.stderrTail : ['(none)']) say(`  | ${line}`);
      return stopAll(`${unit.name} could not start`, 1);
    }
    const upMs = Date.now() - unit.startedAt;
    if (upMs >= BACKOFF_RESET_MS) unit.failures = 0;
    const delayMs = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** unit.failures);
    unit.failures += 1;
    unit.restarts += 1;
    say(`${unit.name} (pid ${child.pid}) exited with ${how} after ${seconds(upMs)}; restarting it in ${delayMs / 1000} s (restart ${unit.restarts}); the others keep running`);
    unit.timer = setTimeout(() => {
      unit.timer = undefined;
      const next = launch(unit);
      say(`restarted ${unit.name} (pid ${next.pid})`);
      void waitReady(unit, next).then((isReady) => isReady && say(`${unit.name} is ready again (pid ${next.pid})`));
    }, delayMs);
  }

  /** Polls the service's /ready until it answers 200 (true), or until that process is gone or all are stopping (false). */
  async function waitReady(unit, child) {
    let last = 'no answer yet';
    let noteAt = Date.now() + WAITING_NOTE_MS;
    while (unit.child === child && phase !== 'stopping') {
      try {
        const res = await fetch(`${baseUrl(unit)}/ready`, { signal: AbortSignal.timeout(READY_TIMEOUT_MS) });
        const text = await res.text();
        if (res.status === 200) return unit.child === child;
        last = notReadyReason(res.status, text);
      } catch (error) {
        last = error.cause?.code ?? error.message;
      }
      if (Date.now() >= noteAt) {
        say(`still waiting for ${unit.name} (pid ${child.pid}) on port ${unit.port}: ${last}`);
        noteAt += WAITING_NOTE_MS;
      }
      await sleep(READY_POLL_MS);
    }
    return false;
  }

  function stopAll(reason, code = 0) {
    if (phase === 'stopping') return;
    phase = 'stopping';
    exitCode = code;
    for (const unit of units) clearTimeout(unit.timer);
    const live = units.filter((unit) => unit.child);
    say(`${reason}; stopping ${live.map((unit) => unit.name).join(', ') || 'nothing left'}`);
    for (const unit of live) unit.child.kill('SIGTERM');
    killTimer = setTimeout(() => {
      for (const unit of units.filter((u) => u.child)) {
        say(`${unit.name} did not stop within ${STOP_GRACE_MS / 1000} s; killing it`);
        unit.child.kill('SIGKILL');
      }
    }, STOP_GRACE_MS);
    finishIfStopped();
  }

  function finishIfStopped() {
    if (units.some((unit) => unit.child)) return;
    clearTimeout(killTimer);
    say(exitCode === 0 ? 'all services stopped' : 'all services stopped; exiting with an error');
    process.exit(exitCode);
  }

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stopAll(`${signal} received`));
  // `npm start` runs the launcher through a shell: if that parent is killed without passing the signal on (kill -9,
  // a shell that does not forward it), the launcher is re-parented, and stops the services rather than orphan them.
  const parentPid = process.ppid;
  setInterval(() => process.ppid !== parentPid && stopAll(`the parent process (pid ${parentPid}) is gone`), 1_000).unref();
  // Last resort, should the launcher itself fail: no service outlives it.
  process.on('exit', () => units.forEach((unit) => unit.child?.kill('SIGKILL')));

  say(`starting ${units.map((unit) => `${unit.name} on port ${unit.port}`).join(', ')}; models in ${env.MODELS_DIR}`);
  for (const unit of units) say(`started ${unit.name} (pid ${launch(unit).pid})`);

  void (async () => {
    const upstreams = await Promise.all([byName.trainer, byName.predictor].map((unit) => waitReady(unit, unit.child)));
    if (!upstreams.every(Boolean) || !(await waitReady(byName.gateway, byName.gateway.child))) return;
    phase = 'running';
    const gateway = byName.gateway;
    say(`ready in ${seconds(Date.now() - startedAt)}: gateway ${shownUrl(gateway)}, API docs ${shownUrl(gateway, '/docs')}`);
    say(`  pids: ${units.map((unit) => `${unit.name} ${unit.child.pid}`).join(', ')}; trainer and predictor docs at ${shownUrl(byName.trainer, '/docs')} and ${shownUrl(byName.predictor, '/docs')}`);
    say(`  Ctrl+C (or kill ${process.pid}) stops all three; a service that crashes is restarted`);
  })();
}
