import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { openArtifactStore } from '../artifacts/open-artifact-store.js';
import type { ModelStore } from '../open-model-store.js';
import { openPostgresStore, type PostgresModelStore } from '../postgres/open-postgres-store.js';
import { makeTempDir } from '../test-fixtures.js';
import { startTestPostgres, type TestPostgres } from '../testing/postgres-server.js';
import { startS3TestServer, type S3TestServer } from '../testing/s3-test-server.js';
import { corruptArtifact, makeFolderStore, plainMetadata } from './migration-fixtures.js';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

let server: TestPostgres;
let s3: S3TestServer;
beforeAll(async () => {
  [server, s3] = await Promise.all([startTestPostgres(), startS3TestServer()]);
});
afterAll(() => Promise.all([server?.stop(), s3?.stop()]));

let dir: string;
let cleanup: () => Promise<void>;
let folder: ModelStore;
let databaseUrl: string;
const opened: PostgresModelStore[] = [];

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  folder = await makeFolderStore(join(dir, 'models'));
  databaseUrl = await server.createDatabase();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
  await cleanup();
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real command with only the given environment (and PATH), and waits for it to exit. */
function runMigrate(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let [stdout, stderr] = ['', ''];
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const fileCluster = () => ({ DATABASE_URL: databaseUrl, ARTIFACTS_URI: `file://${join(dir, 'artifacts')}` });

async function openCluster(artifactsUri: string): Promise<PostgresModelStore> {
  const { bucket: _bucket, prefix: _prefix, ...connection } = s3.storeOptions();
  const artifacts = await openArtifactStore(artifactsUri, connection);
  const store = await openPostgresStore({ databaseUrl, artifacts });
  opened.push(store);
  return store;
}

describe('store:migrate (node dist/migrate/main.js)', () => {
  it('should copy the folder into file:// artifacts, print a line per model and a summary, and exit 0', async () => {
    const run = await runMigrate(['--from', folder.root], fileCluster());
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toContain('churn: 2 versions copied, 0 already there; 1 aliases set, 0 already set, 0 kept as the cluster has them; 1 reports copied');
    expect(run.stdout).toContain('iris: 2 versions copied, 0 already there; 2 aliases set');
    expect(run.stdout).toContain('versions: 4 copied, 0 already there, 0 skipped as corrupt');
    expect(run.stdout).toContain('verified: 4 versions read back from the cluster');
    expect(run.stdout).not.toContain(server.password);
    const cluster = await openCluster(fileCluster().ARTIFACTS_URI);
    expect(plainMetadata(await cluster.listVersions('iris'))).toEqual(plainMetadata(await folder.listVersions('iris')));

    const again = await runMigrate(['--from', folder.root], fileCluster());
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('versions: 0 copied, 4 already there');
  });

  it('should copy into s3:// artifacts on s3rver, reading the bucket settings and credentials from the environment', async () => {
    const artifactsUri = `s3://${s3.bucket}/migrated`;
    const run = await runMigrate(['--from', folder.root], {
      DATABASE_URL: databaseUrl,
      ARTIFACTS_URI: artifactsUri,
      S3_ENDPOINT: s3.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
    });
    // stderr may carry the AWS SDK's warning about the Node version, and nothing of ours.
    expect([run.code, run.stderr]).toEqual([0, expect.not.stringContaining('error')]);
    expect(run.stdout).toContain('verified: 4 versions read back from the cluster');
    const cluster = await openCluster(artifactsUri);
    expect(await cluster.readArtifacts('churn', 2)).toEqual(await folder.readArtifacts('churn', 2));
    expect({ ...(await cluster.readAliases('iris')) }).toEqual({ production: 3, staging: 1 });
  });

  it('should name a corrupt version and exit 1 once the rest is copied', async () => {
    await corruptArtifact(folder.root, 'churn', 1);
    const run = await runMigrate(['--from', folder.root], fileCluster());
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('SKIPPED: churn@1 skipped as corrupt: ');
    expect(run.stdout).toContain('versions: 3 copied, 0 already there, 1 skipped as corrupt');
  });

  it.each([
    ['no --from', [], {}, 'error [INVALID_INPUT]: The migration command line is not valid: --from: is required.'],
    ['an unknown option', ['--from', 'x', '--form', 'y'], {}, "Unknown option '--form'"],
    ['a --from that does not exist', ['--from', '/nonexistent/models'], {}, 'error [INVALID_INPUT]: --from "/nonexistent/models" does not exist'],
    ['no DATABASE_URL', ['--from', '.'], {}, 'error [INVALID_INPUT]: The migration copies into cluster mode, but DATABASE_URL is not set.'],
    ['DATABASE_URL without ARTIFACTS_URI', ['--from', '.'], { DATABASE_URL: 'postgres://u:secret@127.0.0.1:1/db' }, 'ARTIFACTS_URI is not'],
  ])('should refuse %s with exit code 2 and a message with a hint', async (_label, args, env, message) => {
    const run = await runMigrate(args, env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toMatch(/\nhint: /);
    expect(run.stderr).not.toMatch(/\n\s+at |secret/);
  });

  it('should say which database it cannot reach and exit 2', async () => {
    const run = await runMigrate(['--from', folder.root], { ...fileCluster(), DATABASE_URL: 'postgres://tabula:secret@127.0.0.1:1/tabula' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error [REGISTRY_UNAVAILABLE]: The model registry database at 127.0.0.1:1 cannot be reached');
    expect(run.stderr).not.toContain('secret');
  });

  it('should print its usage for --help and exit 0', async () => {
    const run = await runMigrate(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: npm run store:migrate -- --from <models dir> [--dry-run]');
  });

  it('should list what a dry run would copy without any cluster settings', async () => {
    const run = await runMigrate(['--from', folder.root, '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Dry run: 2 models; 4 versions to copy (checksums verified in the folder), 0 corrupt; 3 aliases; 4 reports. Nothing was written.');
  });
});
