#!/usr/bin/env node
// One entry point behind `npm start`, `npm test`, `npm run build`, `npm run lint` and `npm run bench`, so that a
// fresh clone with only Node.js and npm works: it brings pnpm in through npx when it is missing,
// installs the workspace, compiles it, then does the one thing asked. Plain JavaScript with no
// dependency: it runs before anything is installed (so env vars are checked by hand, not with zod).
//
// `start` supervises the three services as compose's `restart: unless-stopped` does (see superviseServices).
// `test` lints, then runs every jest suite; `test:unit` only the tests beside the code and at each service's HTTP
// seam (packages/, services/: no service process), and `test:e2e` the rest (tests/: real services, a browser; and the
// `*.db.test.ts` files beside the code, which start a real PostgreSQL); `test:cluster` runs tests/cluster and tests/e2e
// in cluster mode.
// TABULA_SKIP_BUILD=1 or --no-build skips install and compile, for a tree that is already built (the tests).
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
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

/**
 * Installs the workspace and compiles it, saying what it does and how long it took: the first run takes a minute or two.
 * Lint alone needs no compile (ESLint reads the sources), so `shouldCompile: false` stops after the install.
 */
async function prepare({ shouldCompile = true } = {}) {
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
  if (!shouldCompile) return;
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

/**
 * ESLint over the folders eslint.config.js names (it checks the import arrows of ARCHITECTURE.md). On a lint error
 * ESLint prints each one and the launcher exits with its code. The cache (by content, so switching branches does not
 * void it) makes a second run take a second or two.
 */
const LINTED = ['packages', 'services', 'bench', 'tests'];
const lint = () =>
  runStep(
    process.execPath,
    [join(root, 'node_modules/eslint/bin/eslint.js'), '--cache', '--cache-strategy', 'content', '--cache-location', join(root, 'node_modules/.cache/eslint/'), ...LINTED],
    { step: '[lint]', doing: 'linting with ESLint (import boundaries, no any)', done: 'lint clean' },
  );

/** Runs node with args after prepare() (and lint when `shouldLint`), exiting with its code. */
async function runNode(nodeArgs, env, { shouldLint = false } = {}) {
  const release = stopBuildOnSignals();
  await prepare();
  if (shouldLint) await lint();
  release();
  const result = spawnSync(process.execPath, nodeArgs, { cwd: root, stdio: 'inherit', env: env ?? process.env });
  process.exit(result.status ?? 1);
}

/**
 * Jest over the compiled tests under `roots` (all of jest.config.mjs's when empty), after prepare() and maybe lint.
 * `workers`: jest's own default is one worker fewer than the cores (one on a two-core machine); the unit tests start
 * no service process, so they may use every core (measured on 2 cores: 84 s with one worker, 50 s with two).
 */
const runJest = (roots, options = {}) =>
  runNode(
    [
      '--experimental-vm-modules',
      join(root, 'node_modules/jest/bin/jest.js'),
      ...roots.flatMap((dir) => ['--roots', join(root, dir)]),
      ...(options.jestArgs ?? []),
      ...(options.workers && !rest.some((arg) => arg.startsWith('--maxWorkers') || arg === '-w' || arg === '--runInBand' || arg === '-i')
        ? [`--maxWorkers=${options.workers}`]
        : []),
      ...rest,
    ],
    { ...process.env, NODE_NO_WARNINGS: '1' },
    options,
  );

const NOT_CLUSTER = ['--testPathIgnorePatterns=/node_modules/|/tests/dist/cluster/'];

const commands = {
  build: async () => {
    stopBuildOnSignals();
    await prepare();
  },
  lint: async () => {
    stopBuildOnSignals();
    await prepare({ shouldCompile: false });
    await lint();
  },
  // tests/cluster runs only with `test:cluster` (after `npm test` in CI): seven services per file, in cluster mode.
  test: () => runJest([], { shouldLint: true, jestArgs: NOT_CLUSTER }),
  // `*.db.test.ts` files start a real PostgreSQL server (about a second each): they run with the e2e tests.
  'test:unit': () => runJest(['packages', 'services'], { workers: availableParallelism(), jestArgs: ['--testPathIgnorePatterns', '/node_modules/', '\\.db\\.test\\.js$'] }),
  'test:e2e': () => runJest([], { jestArgs: ['--testMatch', '**/tests/dist/**/*.test.js', '**/dist/**/*.db.test.js', ...NOT_CLUSTER] }),
  // Cluster mode (issue 14): tests/cluster (2 gateways, 2 trainers, 3 predictors over one PostgreSQL and one s3rver
  // bucket), then tests/e2e again with every platform over PostgreSQL and s3rver (TABULA_E2E_STORE=postgres).
  'test:cluster': () => {
    process.env.TABULA_E2E_STORE = 'postgres';
    return runJest(['tests'], { jestArgs: ['--testMatch', '**/tests/dist/cluster/**/*.test.js', '**/tests/dist/e2e/**/*.test.js'] });
  },
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
