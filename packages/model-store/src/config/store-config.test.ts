import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { StoreEnvSchema, describeStoreSpec, storeSpecOf } from './store-config.js';

const specOf = (env: Record<string, string>) => storeSpecOf(StoreEnvSchema.parse(env));
const failureOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as { code: string; message: string; hint?: string };
  }
  throw new Error('expected a throw');
};

describe('storeSpecOf', () => {
  it('is the MODELS_DIR folder, made absolute, when DATABASE_URL is unset (the embedded default)', () => {
    expect(specOf({})).toEqual({ kind: 'folder', root: resolve('./data/models') });
    expect(specOf({ MODELS_DIR: '/srv/models' })).toEqual({ kind: 'folder', root: '/srv/models' });
  });

  it('is the PostgreSQL registry with the artifacts URI and S3 settings in cluster mode', () => {
    const spec = specOf({
      DATABASE_URL: 'postgres://tabula:secret@db:5432/tabula',
      ARTIFACTS_URI: 's3://models/prod',
      S3_ENDPOINT: 'http://minio:9000',
      S3_FORCE_PATH_STYLE: 'true',
      AWS_DEFAULT_REGION: 'eu-west-1',
    });
    expect(spec).toEqual({
      kind: 'postgres',
      databaseUrl: 'postgres://tabula:secret@db:5432/tabula',
      artifactsUri: 's3://models/prod',
      s3: { endpoint: 'http://minio:9000', forcePathStyle: true, region: 'eu-west-1' },
    });
    // Logs name the database by host:port, never with its password.
    expect(describeStoreSpec(spec)).toEqual({ store: 'postgres', database: 'db:5432', artifacts: 's3://models/prod' });
  });

  it('refuses DATABASE_URL without ARTIFACTS_URI, and ARTIFACTS_URI without DATABASE_URL, saying what to set', () => {
    const noArtifacts = failureOf(() => specOf({ DATABASE_URL: 'postgres://db/tabula' }));
    expect(noArtifacts.code).toBe('INVALID_INPUT');
    expect(noArtifacts.message).toContain('ARTIFACTS_URI is not');
    expect(noArtifacts.hint).toContain('s3://bucket/prefix');
    const noDatabase = failureOf(() => specOf({ ARTIFACTS_URI: 'file:///shared/models' }));
    expect(noDatabase.code).toBe('INVALID_INPUT');
    expect(noDatabase.hint).toContain('DATABASE_URL=postgres://');
  });

  it('checks both URLs at start, so a typo stops the service before its first request', () => {
    const badUrl = failureOf(() => specOf({ DATABASE_URL: 'mysql://u:hunter2@db/tabula', ARTIFACTS_URI: 's3://models' }));
    expect(badUrl.code).toBe('INVALID_INPUT');
    expect(badUrl.message).not.toContain('hunter2');
    const badUri = failureOf(() => specOf({ DATABASE_URL: 'postgres://db/tabula', ARTIFACTS_URI: 'ftp://models' }));
    expect(badUri.code).toBe('INVALID_INPUT');
    expect(badUri.message).toContain('ARTIFACTS_URI');
  });

  it('refuses a malformed S3_ENDPOINT or S3_FORCE_PATH_STYLE in the schema', () => {
    expect(StoreEnvSchema.safeParse({ S3_ENDPOINT: 'minio:9000 ' }).success).toBe(false);
    expect(StoreEnvSchema.safeParse({ S3_FORCE_PATH_STYLE: 'yes' }).success).toBe(false);
  });
});
