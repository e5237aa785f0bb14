import { it } from '@jest/globals';
import { isClusterStore } from './cluster-store.js';

// Test helpers for the cases that look inside the models folder (kept apart from cluster-store.ts, which
// platform.ts imports and which therefore must not import jest: the bench starts platforms outside jest).

/**
 * A test that looks inside `platform.modelsDir` (its files, leftovers, a hand-made version): in cluster mode there is
 * no such folder, so it runs in folder mode only. Anything else runs in both.
 */
export const itFolderOnly: typeof it.skip = isClusterStore() ? it.skip : it;

/**
 * A check of the models folder's contents inside a case that otherwise holds in both modes (nothing left behind,
 * nothing written by a refused call): run in folder mode only, so the rest of the case still runs in cluster mode.
 */
export async function whenFolderStore(check: () => Promise<void> | void): Promise<void> {
  if (!isClusterStore()) await check();
}
