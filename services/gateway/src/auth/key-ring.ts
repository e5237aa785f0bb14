import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKey } from './api-keys.js';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Finds the configured key a request presented. Keys are kept and compared as SHA-256 digests with
 * timingSafeEqual, so neither a key's content nor its length shows in the answer time, and every
 * stored key is compared (no early exit) so the time does not tell which one matched either.
 */
export function createKeyRing(keys: ApiKey[]): (presented: string) => ApiKey | undefined {
  const stored = keys.map((key) => ({ key, digest: digest(key.key) }));
  return (presented) => {
    const candidate = digest(presented);
    let found: ApiKey | undefined;
    for (const entry of stored) {
      if (timingSafeEqual(entry.digest, candidate)) found = entry.key;
    }
    return found;
  };
}
