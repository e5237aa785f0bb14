import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, chmod, chown, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A real PostgreSQL server for tests, on 127.0.0.1, in a temp dir of its own. */
export interface TestPostgres {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** A postgres:// URL for `database` on this server (the given user and password, or the superuser's). */
  urlFor(database: string, credentials?: { user: string; password: string }): string;
  /** Creates a fresh empty database and returns its URL: one per test keeps tests apart on one server. */
  createDatabase(): Promise<string>;
  /** Stops the server (immediate mode: tests need no clean shutdown) and removes its directory. */
  stop(): Promise<void>;
  /**
   * Stops the server, keeping its data, as a restart does: every session is ended (fast mode), and what was
   * committed stays (immediate mode would lose the last commits: this server runs with synchronous_commit=off).
   */
  stopServer(): Promise<void>;
  /** Starts the stopped server again on the same port and data; resolves once it accepts connections. */
  startServer(): Promise<void>;
}

// Debian installs the server outside PATH, in /usr/lib/postgresql/<major>/bin; the newest major there is used.
const DEBIAN_PG_ROOT = '/usr/lib/postgresql';
// initdb and postgres refuse to run as root; as root the tests run them as this user through runuser(1).
const SERVER_USER = 'postgres';

/**
 * Starts a server with the machine's PostgreSQL binaries: initdb into a temp dir, then pg_ctl start on a free
 * loopback port with its Unix socket in that dir (not /var/run/postgresql, which may not exist or be writable), and
 * password authentication (scram), so tests can show a refused password. One server per test file: start it in
 * beforeAll, stop it in afterAll, and create a database per test. Durability settings are off: nothing survives it.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const binDir = await findBinDir();
  const dir = await mkdtemp(join(tmpdir(), 'tabula-pg-'));
  const user = 'tabula';
  const password = randomBytes(12).toString('hex');
  const isRoot = process.geteuid?.() === 0;
  const asServerUser = async (command: string, args: string[]) =>
    isRoot ? run('runuser', ['-u', SERVER_USER, '--', join(binDir, command), ...args]) : run(join(binDir, command), args);

  try {
    await writeFile(join(dir, 'password'), password, { mode: 0o600 });
    if (isRoot) {
      const { uid, gid } = await lookUpUser(SERVER_USER);
      await chown(dir, uid, gid);
      await chown(join(dir, 'password'), uid, gid);
    }
    await chmod(dir, 0o700);
    const data = join(dir, 'data');
    await asServerUser('initdb', ['-D', data, '-U', user, '--pwfile', join(dir, 'password'), '--auth', 'scram-sha-256', '-E', 'UTF8', '--no-sync', '--no-instructions']);
    const port = await findFreePort();
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    // -w: pg_ctl returns once the server accepts connections, so no test waits on the clock.
    const startServer = () => asServerUser('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '120', 'start']);
    await startServer();

    let databases = 0;
    const urlFor = (database: string, credentials = { user, password }) =>
      `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${database}`;
    return {
      host: '127.0.0.1',
      port,
      user,
      password,
      urlFor,
      async createDatabase() {
        databases += 1;
        const name = `test_${process.pid}_${databases}`;
        const client = new pg.Client({ connectionString: urlFor('postgres') });
        await client.connect();
        try {
          await client.query(`CREATE DATABASE ${name}`);
        } finally {
          await client.end();
        }
        return urlFor(name);
      },
      stopServer: () => asServerUser('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
      startServer,
      async stop() {
        await asServerUser('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    const log = await readFile(join(dir, 'server.log'), 'utf8').catch(() => '');
    await rm(dir, { recursive: true, force: true });
    throw new Error(`Could not start a test PostgreSQL server: ${(error as Error).message}${log ? `\nserver.log:\n${log}` : ''}`, { cause: error });
  }
}

async function findBinDir(): Promise<string> {
  const majors = (await readdir(DEBIAN_PG_ROOT).catch(() => [] as string[])).filter((entry) => /^[0-9]+$/.test(entry));
  for (const major of majors.sort((a, b) => Number(b) - Number(a))) {
    const dir = join(DEBIAN_PG_ROOT, major, 'bin');
    if (await access(join(dir, 'pg_ctl')).then(() => true, () => false)) return dir;
  }
  throw new Error(`No PostgreSQL server binaries under ${DEBIAN_PG_ROOT}/<major>/bin: install Debian's postgresql package.`);
}

/** uid and gid from /etc/passwd (no getpwnam in Node). */
async function lookUpUser(name: string): Promise<{ uid: number; gid: number }> {
  const line = (await readFile('/etc/passwd', 'utf8')).split('\n').find((entry) => entry.startsWith(`${name}:`));
  if (line === undefined) throw new Error(`Running as root, the test PostgreSQL needs a "${name}" user to run as, and there is none.`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** A port the kernel just handed out on 127.0.0.1 (released at once; the server binds it right after). */
function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Runs a command to its exit; rejects with its output when it fails. */
function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    // stdin and stdout ignored: pg_ctl's server inherits them, and a pipe it held open would keep this waiting.
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}: ${stderr.trim()}`))));
  });
}
