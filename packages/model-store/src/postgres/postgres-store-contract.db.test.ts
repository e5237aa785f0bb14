import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll } from '@jest/globals';
import pg from 'pg';
import { openFileArtifacts } from '../artifacts/file-artifacts.js';
import { makeTempDir } from '../test-fixtures.js';
import { startTestPostgres, type TestPostgres } from '../testing/postgres-server.js';
import { describeModelStoreContract } from '../testing/store-contract.js';
import { openPostgresStore } from './open-postgres-store.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startTestPostgres();
});
afterAll(() => server?.stop());

describeModelStoreContract('the PostgreSQL registry with file:// artifacts', async () => {
  const databaseUrl = await server.createDatabase();
  const { dir, cleanup } = await makeTempDir();
  const store = await openPostgresStore({ databaseUrl, artifacts: openFileArtifacts(dir) });
  return {
    store,
    async damageArtifact(name, version, file) {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      const { rows } = await client.query<{ key: string }>('SELECT key FROM artifacts WHERE model_name = $1 AND version = $2 AND file = $3', [name, version, file]);
      await client.end();
      const path = join(dir, ...rows[0].key.split('/'));
      const bytes = await readFile(path);
      bytes[0] ^= 0xff;
      await writeFile(path, bytes);
    },
    async close() {
      await store.close();
      await cleanup();
    },
  };
});
