#!/usr/bin/env node
// One entry point behind `npm start`, `npm test`, `npm run build` and `npm run bench`, so that a
// fresh clone with only Node.js and npm works: it brings pnpm in through npx when it is missing,
// installs the workspace, compiles it, then does the one thing asked. Plain JavaScript with no
// dependency: it runs before anything is installed (so env vars are checked by hand, not with zod).
//
// `start` supervises the three services as compose's `restart: unless-stopped` does (see superviseServices).
// TABULA_SKIP_BUILD=1 or --no-build skips install and compile, for a tree that is already built (the tests).
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { superviseServices } from './supervise-services.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM_VERSION = '9.15.9';
const [command = 'start', ...args] = process.argv.slice(2);
const skipBuild = args.includes('--no-build') || process.env.TABULA_SKIP_BUILD === '1';
const rest = args.filter((arg) => arg !== '--no-build');

/** How often a long build step says it is still at work. */
const HEARTBEAT_MS = 15_000;

// Our own lines go to stdout beside the services' JSON logs, each prefixed so they are easy to tell apart and grep.
const say = (text) => process.stdout.write(`tabula: ${text}\n`);
// A reader that went away (`npm start | head`) must not crash the launcher and orphan the services.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** The child currently doing a build step, so a signal during install or compile stops it too. */
let buildChild;

/**
 * Runs one build step as a child process with inherited output, saying when it starts, every 15 s while it runs,
 * and when it ends (with its time): the first install and compile take a minute or two. Exits the launcher if it fails.
 */
function runStep(cmd, cmdArgs, { step, doing, done }) {
  const startedAt = Date.now();
  say(`${step} ${doing}…`);
  const heartbeat = setInterval(() => say(`${' '.repeat(step.length)} still ${doing.split(' ')[0]}… ${seconds(Date.now() - startedAt)}`), HEARTBEAT_MS);
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
    buildChild = child;
    child.on('error', (error) => {
      say(`${step} ${cmd} could not be run: ${error.message}`);
      process.exit(1);
    });
    child.on('exit', (code, signal) => {
      buildChild = undefined;
      clearInterval(heartbeat);
      if (code === 0) {
        say(`${step} ${done} in ${seconds(Date.now() - startedAt)}`);
        return resolve();
      }
      say(`${step} ${doing} failed (${signal ? `signal ${signal}` : `exit code ${code}`}); see the output above`);
      process.exit(code ?? 1);
    });
  });
}

function pnpmCommand() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0 && Number(probe.stdout.trim().split('.')[0]) >= 9) return ['pnpm', []];
  return ['npx', ['--yes', `pnpm@${PNPM_VERSION}`]];
}

/** Installs the workspace and compiles it, saying what it does and how long it took: the first run takes a minute or two. */
async function prepare() {
  if (skipBuild) {
    say('install and compile skipped (TABULA_SKIP_BUILD=1 or --no-build)');
    return;
  }
  const [cmd, prefix] = pnpmCommand();
  const via = cmd === 'pnpm' ? 'pnpm' : `pnpm ${PNPM_VERSION} through npx`;
  // --frozen-lockfile: a clone gets exactly the versions that were tested. pnpm's own reporter stays quiet (errors only).
  await runStep(cmd, [...prefix, 'install', '--frozen-lockfile', '--prefer-offline', '--reporter=silent'], {
    step: '[1/2]',
    doing: `installing dependencies with ${via} (about a minute the first time)`,
    done: 'dependencies installed',
  });
  await runStep(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b'], {
    step: '[2/2]',
    doing: 'compiling TypeScript with tsc -b (about a minute the first time)',
    done: 'compiled',
  });
}

/** SIGINT, SIGTERM or SIGHUP during install or compile stop the running step, then the launcher. */
function stopBuildOnSignals() {
  const onSignal = (signal) => {
    say(`${signal} received; stopping`);
    buildChild?.kill('SIGTERM');
    process.exit(0);
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, onSignal);
  return () => signals.forEach((signal) => process.off(signal, onSignal));
}

/** Runs node with args after prepare(), exiting with its code. */
async function runNode(nodeArgs, env) {
  const release = stopBuildOnSignals();
  await prepare();
  release();
  const result = spawnSync(process.execPath, nodeArgs, { cwd: root, stdio: 'inherit', env: env ?? process.env });
  process.exit(result.status ?? 1);
}

const commands = {
  build: async () => {
    stopBuildOnSignals();
    await prepare();
  },
  test: () =>
    runNode(['--experimental-vm-modules', join(root, 'node_modules/jest/bin/jest.js'), ...rest], { ...process.env, NODE_NO_WARNINGS: '1' }),
  // Training against ml.js and scikit-learn, then serving through the three services; flags in bench/src/main.ts.
  bench: () => runNode([join(root, 'bench/dist/main.js'), ...rest]),
  start: async () => {
    const release = stopBuildOnSignals();
    await prepare();
    release();
    superviseServices({ root, say });
  },
};

const action = commands[command];
if (!action) {
  console.error(`usage: node scripts/tabula.mjs <${Object.keys(commands).join('|')}> [--no-build] [args]`);
  process.exit(2);
}
void action();
