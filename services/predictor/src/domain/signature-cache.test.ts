import { describe, expect, it } from '@jest/globals';
import { versionNotFound, type ModelMetadata } from '@tabula/contracts';
import { SignatureCache } from './signature-cache.js';

/** The metadata fields a schema is built from; the rest does not matter here. */
const metadataOf = (name: string, version: number) =>
  ({
    model_name: name,
    version,
    data_report: null,
    signature: { target_column: 'y', features: [{ name: 'x', type: 'numeric' }], columns_dropped: [], class_labels: null, input_schema: null, input_example: null },
  }) as unknown as ModelMetadata;

/** A store that counts its reads, and fails those of the versions in `missing`. */
function countingStore(missing = new Set<string>()) {
  const reads: string[] = [];
  return {
    reads,
    readMetadata: async (name: string, version: number) => {
      reads.push(`${name}@${version}`);
      if (missing.has(`${name}@${version}`)) throw versionNotFound(name, version);
      return metadataOf(name, version);
    },
  };
}

describe('SignatureCache', () => {
  describe('.get(model)', () => {
    it('should read a version once, however many requests ask for it at once or later', async () => {
      const store = countingStore();
      const cache = new SignatureCache(store);

      const [a, b] = await Promise.all([cache.get({ name: 'm', version: 1 }), cache.get({ name: 'm', version: 1 })]);
      await cache.get({ name: 'm', version: 1 });

      expect(store.reads).toEqual(['m@1']);
      expect(a).toBe(b);
      expect(a).toMatchObject({ model_name: 'm', model_version: 1, derived: true });
    });

    it('should not keep a failed read, so the next request reads again', async () => {
      const missing = new Set(['m@2']);
      const store = countingStore(missing);
      const cache = new SignatureCache(store);

      await expect(cache.get({ name: 'm', version: 2 })).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
      missing.clear();
      await expect(cache.get({ name: 'm', version: 2 })).resolves.toMatchObject({ model_version: 2 });
      expect(store.reads).toEqual(['m@2', 'm@2']);
    });

    it('should forget the least recently asked version past its size', async () => {
      const store = countingStore();
      const cache = new SignatureCache(store, 2);

      await cache.get({ name: 'm', version: 1 });
      await cache.get({ name: 'm', version: 2 });
      await cache.get({ name: 'm', version: 1 });
      await cache.get({ name: 'm', version: 3 });
      await cache.get({ name: 'm', version: 1 });
      await cache.get({ name: 'm', version: 2 });

      expect(store.reads).toEqual(['m@1', 'm@2', 'm@3', 'm@2']);
    });
  });
});
