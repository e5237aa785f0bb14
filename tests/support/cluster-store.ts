import { z } from '@tabula/contracts';
import { startClusterBacking, type ClusterBacking } from './cluster-backing.js';

/**
 * The switch that runs the whole e2e suite in cluster mode: TABULA_E2E_STORE=postgres makes startPlatform give its
 * services a fresh PostgreSQL database and s3rver prefix (`npm run test:cluster` sets it); unset or `folder`, the
 * embedded default, a models folder, as always.
 */
const StoreModeSchema = z.object({
  TABULA_E2E_STORE: z.enum(['folder', 'postgres'], { message: 'must be folder (the default) or postgres (cluster mode)' }).default('folder'),
});

export const isClusterStore = (): boolean => StoreModeSchema.parse(process.env).TABULA_E2E_STORE === 'postgres';

// One PostgreSQL server and one s3rver per test file (jest gives each file its own module registry), shared by the
// platforms the file starts, each with its own database and prefix; stopped when the last of them stops.
let backing: Promise<ClusterBacking> | undefined;
let users = 0;

/** The cluster settings for one platform, and its release (the last release stops the servers). */
export async function acquireClusterStore(): Promise<{ env: Record<string, string>; release(): Promise<void> }> {
  users += 1;
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    users -= 1;
    if (users > 0 || backing === undefined) return;
    const stopping = backing;
    backing = undefined;
    await (await stopping.catch(() => undefined))?.stop();
  };
  try {
    backing ??= startClusterBacking();
    return { env: await (await backing).clusterEnv(), release };
  } catch (error) {
    await release();
    throw error;
  }
}
