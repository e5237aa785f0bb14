import { artifactKeyInvalid } from '@tabula/contracts';

// One segment of a key: the unreserved URI characters, so a key is the same string as a file path and an S3 object
// name. '.' and '..' are refused separately, since they match the class but would walk the folder tree.
const KEY_SEGMENT = /^[A-Za-z0-9._~-]{1,255}$/;
const MAX_KEY_LENGTH = 1024;

/** Returns `key` when it follows the ArtifactStore grammar, else throws artifactKeyInvalid (a caller bug). */
export function parseArtifactKey(key: string): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) throw artifactKeyInvalid(String(key));
  for (const segment of key.split('/')) {
    if (!KEY_SEGMENT.test(segment) || segment === '.' || segment === '..') throw artifactKeyInvalid(key);
  }
  return key;
}
