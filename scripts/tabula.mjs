#!/usr/bin/env node
// One entry point behind `npm start`, `npm test`, `npm run build` and `npm run bench`, so that a
// fresh clone with only Node.js and npm works: it brings pnpm in through npx when it is missing,
// installs the workspace, compiles it, then does the one thing asked.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM_VERSION = '9.15.9';
const [command = 'start', ...rest] = process.argv.slice(2);

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function pnpmCommand() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0 && Number(probe.stdout.trim().split('.')[0]) >= 9) return ['pnpm', []];
  return ['npx', ['--yes', `pnpm@${PNPM_VERSION}`]];
}

function pnpm(args) {
  const [cmd, prefix] = pnpmCommand();
  run(cmd, [...prefix, ...args]);
}

function prepare() {
  // --frozen-lockfile: a clone gets exactly the versions that were tested.
  pnpm(['install', '--frozen-lockfile', '--prefer-offline', '--reporter=silent']);
  run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b']);
}

const commands = {
  build: () => prepare(),
  test: () => {
    prepare();
    run(process.execPath, ['--experimental-vm-modules', join(root, 'node_modules/jest/bin/jest.js'), ...rest], {
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
  },
  // Training against ml.js and scikit-learn, then serving through the three services; flags in bench/src/main.ts.
  bench: () => {
    prepare();
    run(process.execPath, [join(root, 'bench/dist/main.js'), ...rest]);
  },
  start: () => {
    prepare();
    startServices();
  },
};

/** Runs the three services as local processes sharing ./data/models, as docker compose does. */
function startServices() {
  const env = {
    MODELS_DIR: join(root, 'data/models'),
    TRAINER_URL: 'http://127.0.0.1:8001',
    PREDICTOR_URL: 'http://127.0.0.1:8002',
    ...process.env,
  };
  const services = [
    ['trainer', { TRAINER_PORT: process.env.TRAINER_PORT ?? '8001' }],
    ['predictor', { PREDICTOR_PORT: process.env.PREDICTOR_PORT ?? '8002' }],
    ['gateway', { GATEWAY_PORT: process.env.GATEWAY_PORT ?? '8000' }],
  ];
  const children = services.map(([name, extra]) =>
    spawn(process.execPath, [join(root, `services/${name}/dist/server.js`)], {
      cwd: root,
      env: { ...env, ...extra },
      stdio: 'inherit',
    }),
  );
  let stopping = false;
  const stop = (code) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    setTimeout(() => process.exit(code), 200).unref();
  };
  children.forEach((child, i) =>
    child.on('exit', (code) => {
      if (!stopping) {
        console.error(`tabula: ${services[i][0]} exited with code ${code}; stopping the others`);
        stop(code ?? 1);
      }
    }),
  );
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  console.log('tabula: gateway http://localhost:8000 (docs at /docs), trainer :8001, predictor :8002 — Ctrl+C stops all');
}

const action = commands[command];
if (!action) {
  console.error(`usage: node scripts/tabula.mjs <${Object.keys(commands).join('|')}> [args]`);
  process.exit(2);
}
action();
