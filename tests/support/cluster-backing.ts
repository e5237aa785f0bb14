import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestPostgres, type TestPostgres } from '@tabula/model-store/testing/postgres';
import pg from 'pg';

/**
 * What cluster mode stands on in tests: one real PostgreSQL server and one s3rver bucket. Each platform or cluster
 * gets a fresh database and its own key prefix in the bucket (`clusterEnv`), so many share one server.
 */
export interface ClusterBacking {
  readonly postgres: TestPostgres;
  readonly s3: ClusterS3;
  /** A fresh database and bucket prefix, as the settings every service of one cluster reads. */
  clusterEnv(): Promise<Record<string, string>>;
  /** Stops the database server (fast mode: clients are cut off) and waits until it has exited. */
  stopDatabase(): Promise<void>;
  /** Starts it again on the same port and data dir, and waits until it accepts connections. */
  startDatabase(): Promise<void>;
  /** Stops both servers and removes their files. */
  stop(): Promise<void>;
}

// s3rver's built-in account (it knows only this key id), handed to the services as the AWS SDK's default chain reads it.
const S3_ACCESS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };
const DEBIAN_PG_ROOT = '/usr/lib/postgresql';

/** s3rver (startS3TestServer) running in a child process: see cluster-s3-process.ts for why. */
export interface ClusterS3 {
  readonly endpoint: string;
  readonly bucket: string;
  stop(): Promise<void>;
}

/** Starts PostgreSQL and s3rver side by side; if either fails, the other is stopped again. */
export async function startClusterBacking(): Promise<ClusterBacking> {
  const [postgres, s3] = await Promise.allSettled([startTestPostgres(), startS3Process('tabula-cluster')]);
  if (postgres.status === 'rejected' || s3.status === 'rejected') {
    if (postgres.status === 'fulfilled') await postgres.value.stop();
    if (s3.status === 'fulfilled') await s3.value.stop();
    throw postgres.status === 'rejected' ? postgres.reason : (s3 as PromiseRejectedResult).reason;
  }
  const server = await describeServer(postgres.value);
  // pg_ctl runs the server as a daemon, not as our child: if the test process ends without stop() (a crash, jest's
  // forced exit), this stops it all the same, so no server outlives its test file.
  const stopOnExit = () => {
    const [command, args] = pgCtlCommand(server, ['-D', server.dataDir, '-m', 'immediate', 'stop']);
    spawnSync(command, args, { stdio: 'ignore' });
  };
  process.once('exit', stopOnExit);
  return {
    postgres: postgres.value,
    s3: s3.value,
    async clusterEnv() {
      return {
        DATABASE_URL: await postgres.value.createDatabase(),
        ARTIFACTS_URI: `s3://${s3.value.bucket}/${randomUUID()}`,
        S3_ENDPOINT: s3.value.endpoint,
        S3_FORCE_PATH_STYLE: 'true',
        AWS_REGION: 'us-east-1',
        ...S3_ACCESS,
      };
    },
    stopDatabase: () => pgCtl(server, ['-D', server.dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']),
    startDatabase: () =>
      pgCtl(server, ['-D', server.dataDir, '-l', join(dirname(server.dataDir), 'server.log'), '-o', server.options, '-w', '-t', '120', 'start']),
    async stop() {
      process.off('exit', stopOnExit);
      await Promise.all([postgres.value.stop(), s3.value.stop()]);
    },
  };
}

/** Runs cluster-s3-process.js and resolves with what its first line says once s3rver listens. */
function startS3Process(bucket: string): Promise<ClusterS3> {
  const entry = fileURLToPath(new URL('./cluster-s3-process.js', import.meta.url));
  const child = spawn(process.execPath, [entry, bucket], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.once('exit', () => child.kill('SIGKILL'));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4_000)));
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!stdout.includes('\n')) return;
      const { endpoint } = JSON.parse(stdout.split('\n')[0]) as { endpoint: string };
      resolve({
        endpoint,
        bucket,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
    child.once('exit', (code, signal) => reject(new Error(`s3rver exited (${code ?? signal}) before it listened: ${stderr.trim()}`)));
  });
}

interface ServerFacts {
  dataDir: string;
  binDir: string;
  /** The same postgres options startTestPostgres started it with: port, socket dir, loopback only, no fsync. */
  options: string;
}

/**
 * startTestPostgres has no restart yet (the predictor part adds one to postgres-server.ts); until it lands this
 * reads what a restart needs from the server itself (its data dir) and drives pg_ctl as that harness does.
 */
async function describeServer(postgres: TestPostgres): Promise<ServerFacts> {
  const client = new pg.Client({ connectionString: postgres.urlFor('postgres') });
  await client.connect();
  try {
    const { rows } = await client.query<{ setting: string }>("SELECT current_setting('data_directory') AS setting");
    const dataDir = rows[0].setting;
    const options = `-p ${postgres.port} -k ${dirname(dataDir)} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    return { dataDir, binDir: await findBinDir(), options };
  } finally {
    await client.end();
  }
}

async function findBinDir(): Promise<string> {
  const majors = (await readdir(DEBIAN_PG_ROOT)).filter((entry) => /^[0-9]+$/.test(entry)).sort((a, b) => Number(b) - Number(a));
  if (majors.length === 0) throw new Error(`No PostgreSQL under ${DEBIAN_PG_ROOT}: install Debian's postgresql package.`);
  return join(DEBIAN_PG_ROOT, majors[0], 'bin');
}

/** The pg_ctl command line as the server's owner (postgres refuses root; runuser as startTestPostgres does). */
function pgCtlCommand(server: ServerFacts, args: string[]): [string, string[]] {
  const pgCtlPath = join(server.binDir, 'pg_ctl');
  return process.geteuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', pgCtlPath, ...args]] : [pgCtlPath, args];
}

/** pg_ctl as the server's owner, to its exit; rejects with its stderr when it fails. */
function pgCtl(server: ServerFacts, args: string[]): Promise<void> {
  const [command, commandArgs] = pgCtlCommand(server, args);
  return new Promise((resolve, reject) => {
    // stdout ignored: the server started by pg_ctl inherits it, and a pipe it held open would keep this waiting.
    const child = spawn(command, commandArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pg_ctl ${args.join(' ')} exited with ${code}: ${stderr.trim()}`))));
  });
}
