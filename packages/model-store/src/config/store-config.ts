import { isAbsolute, resolve } from 'node:path';
import { invalidInput, z } from '@tabula/contracts';
import { parseArtifactsUri } from '../artifacts/parse-artifacts-uri.js';
import { parseDatabaseUrl } from '@tabula/contracts';

/**
 * The settings that choose and reach the model store, spread into each service's config schema. Without
 * DATABASE_URL the store is the MODELS_DIR folder (the embedded default); with it, the registry is PostgreSQL and
 * the artifact bytes go where ARTIFACTS_URI says. Credentials for s3:// come from the AWS SDK's default chain
 * (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile, a web identity or an instance role), never from here.
 */
export const StoreEnvSchema = z.object({
  MODELS_DIR: z.string().min(1).default('./data/models'),
  DATABASE_URL: z.string().min(1).optional(),
  ARTIFACTS_URI: z.string().min(1).optional(),
  S3_ENDPOINT: z
    .string()
    .refine((value) => /^https?:\/\/[^/]/.test(value) && URL.canParse(value), { message: 'must be an http:// or https:// URL such as http://minio:9000' })
    .optional(),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false'], { message: 'must be true or false' }).default('false').transform((v) => v === 'true'),
  AWS_REGION: z.string().min(1).optional(),
  AWS_DEFAULT_REGION: z.string().min(1).optional(),
});
export type StoreEnv = z.infer<typeof StoreEnvSchema>;

/**
 * Where the store lives, as plain data: a service hands it to its worker threads (workerData), which open their
 * own handle with openConfiguredStore.
 */
export type StoreSpec =
  | { kind: 'folder'; root: string }
  | {
      kind: 'postgres';
      databaseUrl: string;
      artifactsUri: string;
      s3: { endpoint?: string; forcePathStyle: boolean; region: string };
    };

/**
 * The StoreSpec a service's parsed settings ask for. Throws INVALID_INPUT (the process stops at start with the
 * message) for settings that cannot work together or do not parse, naming the setting and how to fix it.
 */
export function storeSpecOf(env: StoreEnv): StoreSpec {
  if (env.DATABASE_URL === undefined) {
    if (env.ARTIFACTS_URI !== undefined) {
      throw invalidInput('ARTIFACTS_URI is set but DATABASE_URL is not: artifacts outside MODELS_DIR need the PostgreSQL registry.', {
        hint: 'Set DATABASE_URL=postgres://user:password@host:5432/database for cluster mode, or unset ARTIFACTS_URI to keep models in MODELS_DIR.',
        details: [{ path: 'ARTIFACTS_URI', message: 'needs DATABASE_URL' }],
      });
    }
    return { kind: 'folder', root: isAbsolute(env.MODELS_DIR) ? env.MODELS_DIR : resolve(env.MODELS_DIR) };
  }
  if (env.ARTIFACTS_URI === undefined) {
    throw invalidInput('DATABASE_URL is set but ARTIFACTS_URI is not: cluster mode needs a place every replica reads model files from.', {
      hint: 'Set ARTIFACTS_URI=s3://bucket/prefix (with S3_ENDPOINT for MinIO) or ARTIFACTS_URI=file:///shared/models (a volume every replica mounts).',
      details: [{ path: 'ARTIFACTS_URI', message: 'required with DATABASE_URL' }],
    });
  }
  // Both are checked now, so a typo stops the service at start rather than at its first request.
  parseDatabaseUrl(env.DATABASE_URL);
  parseArtifactsUri(env.ARTIFACTS_URI);
  return {
    kind: 'postgres',
    databaseUrl: env.DATABASE_URL,
    artifactsUri: env.ARTIFACTS_URI,
    s3: { endpoint: env.S3_ENDPOINT, forcePathStyle: env.S3_FORCE_PATH_STYLE, region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1' },
  };
}

/** What a log line may say about a spec: never the database password. */
export function describeStoreSpec(spec: StoreSpec): Record<string, string> {
  if (spec.kind === 'folder') return { store: 'folder', models_dir: spec.root };
  const { hostPort } = parseDatabaseUrl(spec.databaseUrl);
  return { store: 'postgres', database: hostPort, artifacts: spec.artifactsUri.replace(/^([a-z0-9]+:\/\/)[^/@]*@/i, '$1***@') };
}
