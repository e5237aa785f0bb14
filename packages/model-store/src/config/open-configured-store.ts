import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { isTabulaError, type TabulaError } from '@tabula/contracts';
import { openArtifactStore } from '../artifacts/open-artifact-store.js';
import { openModelStore, type ModelStore, type ModelStoreOptions } from '../open-model-store.js';
import { openPostgresStore, type PostgresModelStore } from '../postgres/open-postgres-store.js';
import type { StoreSpec } from './store-config.js';

/**
 * A store a service opened from its settings; close() ends the database pool (a no-op for the folder store). `kind`
 * tells the two apart, and the PostgreSQL one adds its artifact-store check and registry change events.
 */
export type ConfiguredStore =
  | (ModelStore & { readonly kind: 'folder'; close(): Promise<void> })
  | (PostgresModelStore & { readonly kind: 'postgres' });

export interface OpenStoreOptions extends ModelStoreOptions {
  /**
   * Called before each new attempt while the database or the artifact store does not answer at start-up, with the
   * 503 that says which one and why: the service logs it and keeps trying. Unset: no retry, the first error throws.
   */
  onRetry?: (error: TabulaError, attempt: number, delayMs: number) => void;
  /** Stops the retries (the service is shutting down): the last error is thrown. */
  signal?: AbortSignal;
  /**
   * A worker thread's handle on a store its service's main thread has already opened: 2 PostgreSQL connections
   * instead of 10, and neither the migrations nor the artifact probe again (the main thread ran both at start).
   */
  forWorkerThread?: boolean;
}

const WORKER_POOL_MAX = 2;

// Start-up retries back off from 0.5 s to 5 s: fast enough that a database starting beside the service is found
// within seconds, slow enough that a long outage costs a log line every 5 s.
const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 5_000;
// Model names cannot start with '.', so a probe never lands on a real artifact.
const PROBE_DIR = '.tabula-start-probe';
const PROBE_BYTES = new Uint8Array([0x6f, 0x6b]);
const RETRIED_CODES = new Set(['REGISTRY_UNAVAILABLE', 'ARTIFACT_STORE_UNAVAILABLE']);

/**
 * Opens the store a StoreSpec names. The folder store opens at once. The PostgreSQL registry connects, applies its
 * migrations and checks that the artifact store answers; while either is unreachable (REGISTRY_UNAVAILABLE,
 * ARTIFACT_STORE_UNAVAILABLE) and onRetry is given, it waits and tries again, forever, so replicas started before
 * their database come up by themselves. Settings that cannot work (INVALID_INPUT) throw at once.
 */
export async function openConfiguredStore(spec: StoreSpec, options: OpenStoreOptions = {}): Promise<ConfiguredStore> {
  if (spec.kind === 'folder') {
    return Object.assign(openModelStore(spec.root, options), { kind: 'folder' as const, close: async () => undefined });
  }
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await openClusterStore(spec, options);
    } catch (error) {
      if (!options.onRetry || !isTabulaError(error) || !RETRIED_CODES.has(error.code) || options.signal?.aborted) throw error;
      const delayMs = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (attempt - 1));
      options.onRetry(error, attempt, delayMs);
      // An abort ends the wait early; the next round then throws the last error.
      await sleep(delayMs, undefined, { signal: options.signal }).catch(() => undefined);
    }
  }
}

async function openClusterStore(spec: Extract<StoreSpec, { kind: 'postgres' }>, options: OpenStoreOptions): Promise<ConfiguredStore> {
  const artifacts = await openArtifactStore(spec.artifactsUri, spec.s3);
  const forWorker = options.forWorkerThread === true;
  const store = await openPostgresStore({
    databaseUrl: spec.databaseUrl,
    artifacts,
    onCorrupt: options.onCorrupt,
    poolMax: forWorker ? WORKER_POOL_MAX : undefined,
    migrate: !forWorker,
  });
  if (forWorker) return Object.assign(store, { kind: 'postgres' as const });
  // A bucket that does not exist or refuses the credentials is found now, not at the first training: a probe put
  // and delete throw the store's own 503 (which names the bucket and endpoint and says what to fix). check() would
  // only give its message.
  const probe = `${PROBE_DIR}/${randomUUID()}`;
  try {
    await artifacts.put(probe, PROBE_BYTES);
    await artifacts.delete(probe);
  } catch (error) {
    await store.close();
    throw error;
  }
  return Object.assign(store, { kind: 'postgres' as const });
}
