import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { StoreEnvSchema, openConfiguredStore, storeSpecOf, type ConfiguredStore } from '@tabula/model-store';
import { startTestPostgres, type TestPostgres } from '@tabula/model-store/testing/postgres';
import { startS3TestServer, type S3TestServer } from '@tabula/model-store/testing/s3';

export const STORE_KINDS = ['folder', 'postgres+file', 'postgres+s3'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

/** One store the bench measures, named by the settings a service would be given for it. */
export interface BenchStore {
  kind: StoreKind;
  /** MODELS_DIR, or DATABASE_URL + ARTIFACTS_URI (+ S3_* and the AWS key pair): what a service's env gets. */
  env: Record<string, string>;
  store: ConfiguredStore;
  /** Where its artifact bytes lie on this machine's disk, so a cold load can drop them from the page cache first. */
  artifactDir: string;
}

/**
 * The servers behind the cluster stores, started once per run: a PostgreSQL test server (fsync off: it is the
 * tests' harness) and s3rver (a Node stand-in for S3 on loopback). Each store gets a database of its own.
 */
export class BenchStores {
  private readonly opened: BenchStore[] = [];
  private postgres?: TestPostgres;
  private s3?: S3TestServer;
  private s3Dir?: string;

  private constructor(private readonly workDir: string) {}

  static async start(): Promise<BenchStores> {
    return new BenchStores(await mkdtemp(join(tmpdir(), 'tabula-bench-cluster-')));
  }

  /** Opens a fresh, empty store of `kind`, through openConfiguredStore as the services open theirs. */
  async open(kind: StoreKind): Promise<BenchStore> {
    const dir = await mkdtemp(join(this.workDir, `${kind.replace('+', '-')}-`));
    let env: Record<string, string>;
    let artifactDir = dir;
    if (kind === 'folder') {
      env = { MODELS_DIR: dir };
    } else if (kind === 'postgres+file') {
      env = { DATABASE_URL: await (await this.startPostgres()).createDatabase(), ARTIFACTS_URI: pathToFileURL(dir).href };
    } else {
      const s3 = await this.startS3();
      env = {
        DATABASE_URL: await (await this.startPostgres()).createDatabase(),
        ARTIFACTS_URI: `s3://${s3.bucket}/${this.opened.length}`,
        S3_ENDPOINT: s3.endpoint,
        S3_FORCE_PATH_STYLE: 'true',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
      };
      artifactDir = this.s3Dir ?? dir;
      // The SDK's default credential chain reads them from this process's env, as a service's would.
      process.env.AWS_ACCESS_KEY_ID = s3.credentials.accessKeyId;
      process.env.AWS_SECRET_ACCESS_KEY = s3.credentials.secretAccessKey;
    }
    const store = await openConfiguredStore(storeSpecOf(StoreEnvSchema.parse(env)));
    const opened: BenchStore = { kind, env, store, artifactDir };
    this.opened.push(opened);
    return opened;
  }

  /** Closes every store, stops the servers and removes their files. */
  async stop(): Promise<void> {
    await Promise.all(this.opened.map(({ store }) => store.close()));
    await Promise.all([this.postgres?.stop(), this.s3?.stop()]);
    await rm(this.workDir, { recursive: true, force: true });
  }

  private async startPostgres(): Promise<TestPostgres> {
    this.postgres ??= await startTestPostgres();
    return this.postgres;
  }

  private async startS3(): Promise<S3TestServer> {
    if (this.s3 !== undefined) return this.s3;
    // A bucket name of this run's own, so that its objects' directory is found among other s3rver runs' in tmpdir.
    const bucket = `tabula-bench-${process.pid}`;
    this.s3 = await startS3TestServer(bucket);
    this.s3Dir = await findS3rverBucketDir(bucket);
    return this.s3;
  }
}

/** s3rver keeps a bucket's objects in <its temp dir>/<bucket>; the harness does not say which temp dir it made. */
async function findS3rverBucketDir(bucket: string): Promise<string | undefined> {
  for (const entry of await readdir(tmpdir())) {
    if (!entry.startsWith('tabula-s3rver-')) continue;
    const names = await readdir(join(tmpdir(), entry)).catch(() => [] as string[]);
    if (names.includes(bucket)) return join(tmpdir(), entry, bucket);
  }
  return undefined;
}
