import { TabulaError, type ErrorDetail } from './tabula-error.js';

// The folder → cluster migration command (`npm run store:migrate`) and the PostgreSQL store's import of a version
// under a given number. The command prints these to an operator's terminal, so the hints say what to run or fix;
// a version's content is never overwritten in the cluster, so every conflict stops with nothing half-copied.

const USAGE = 'npm run store:migrate -- --from <models dir> [--dry-run]';

/** 400: the command line does not parse (an unknown option, --from missing or given twice). */
export const migrationArgsInvalid = (details: ErrorDetail[]) =>
  new TabulaError('INVALID_INPUT', `The migration command line is not valid: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}.`, {
    hint: `Run ${USAGE}; --help lists the options.`,
    details,
  });

/** 400: --from is not a readable directory; `problem` is a phrase such as "does not exist". */
export const migrationSourceInvalid = (from: string, problem: string) =>
  new TabulaError('INVALID_INPUT', `--from ${JSON.stringify(from)} ${problem}: it must be the folder store's models directory.`, {
    hint: 'Give --from the MODELS_DIR the services used in embedded mode (./data/models by default, /models in the images).',
    details: [{ path: '--from', message: problem }],
  });

/** 400: the command copies into cluster mode, and the environment does not name a cluster (no DATABASE_URL). */
export const migrationNeedsCluster = () =>
  new TabulaError('INVALID_INPUT', 'The migration copies into cluster mode, but DATABASE_URL is not set.', {
    hint: 'Set DATABASE_URL and ARTIFACTS_URI (with S3_ENDPOINT and the AWS credentials for s3://) as the services will have them; --dry-run needs neither.',
    details: [{ path: 'DATABASE_URL', message: 'required' }],
  });

/**
 * 409: the cluster already holds `name` version `version` with other content (`what`: "other artifacts" or "other
 * metadata"). Nothing of the folder's version was copied, and the cluster's is left as it was.
 */
export const versionImportConflict = (name: string, version: number, what: string) =>
  new TabulaError('CONFLICT', `Version ${version} of model "${name}" is already in the cluster with ${what} than the folder's: it was not copied, and the migration stopped.`, {
    hint: `Compare GET /models/${name}/versions/${version} on both sides. The cluster's version is never overwritten: to keep the cluster's, move the folder's ${name}/${version} directory out of --from and run the migration again.`,
  });
