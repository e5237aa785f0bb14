import { TabulaError } from './tabula-error.js';

// Cluster mode's artifact store (ARTIFACTS_URI). The registry records every key with its sha256, so an absent key
// is damage, not "not found"; a bad or reused key is a bug of the caller. `store` is the store's description
// ('s3://bucket/prefix', 'file:///shared/models'), never credentials.

/** 500 MODEL_CORRUPT: a key the registry records is not in the artifact store. */
export const artifactMissing = (store: string, key: string, cause?: unknown) =>
  new TabulaError('MODEL_CORRUPT', `Artifact "${key}" is missing from the artifact store ${store}.`, {
    hint: 'Restore the object from a backup of the artifact store, or delete the version that lists it.',
    cause,
  });

/** 500: a key outside the grammar ('/'-separated [A-Za-z0-9._~-] segments, no '.' or '..'); never reaches the store. */
export const artifactKeyInvalid = (key: string) =>
  new TabulaError('INTERNAL', `Artifact key ${JSON.stringify(key)} is not valid: keys are '/'-separated segments of A-Z a-z 0-9 . _ ~ - (no '.' or '..', no leading '/').`);

/** 500: a key written twice; keys carry a fresh id, so this is a bug, and the stored object is left as it was. */
export const artifactKeyTaken = (store: string, key: string) =>
  new TabulaError('INTERNAL', `Artifact "${key}" already exists in the artifact store ${store}: keys are written once and never reused.`);
