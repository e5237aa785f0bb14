import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openModelStore } from '../open-model-store.js';
import { makeTempDir } from '../test-fixtures.js';
import { describeModelStoreContract } from './store-contract.js';

describeModelStoreContract('the folder store', async () => {
  const { dir, cleanup } = await makeTempDir();
  return {
    store: openModelStore(dir),
    async damageArtifact(name, version, file) {
      const path = join(dir, name, String(version), file);
      const bytes = await readFile(path);
      bytes[0] ^= 0xff;
      await writeFile(path, bytes);
    },
    close: cleanup,
  };
});
