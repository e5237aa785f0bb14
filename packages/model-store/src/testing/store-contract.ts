import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { decodeModelExport } from '../model-export.js';
import type { ModelStore } from '../open-model-store.js';
import { makeDraft, makeFiles } from '../test-fixtures.js';
import { describeModelStoreContractMore } from './store-contract-more.js';

/** One store under test, fresh for each test: empty, and only this test's. */
export interface ContractSubject {
  store: ModelStore;
  /** Changes one byte of a stored artifact where the implementation keeps it, so that a read must notice. */
  damageArtifact(name: string, version: number, file: string): Promise<void>;
  close(): Promise<void>;
}

export type OpenContractSubject = () => Promise<ContractSubject>;

/**
 * What every ModelStore does, as the folder store has always done it, written against the interface alone: the
 * folder store and the PostgreSQL registry both run it (issue 14: one store interface, one contract suite).
 * Implementation details (files on disk, rows in tables) stay in each implementation's own tests.
 */
export function describeModelStoreContract(label: string, open: OpenContractSubject): void {
  describe(`${label}: the ModelStore contract`, () => {
    const subject = useContractSubject(open);
    const store = () => subject.current.store;

    describe('.createVersion(draft, files, arrays)', () => {
      it('should number versions of a model 1, 2, … and record each artifact with its size and sha256', async () => {
        const first = await store().createVersion(makeDraft('iris'), makeFiles());
        const second = await store().createVersion(makeDraft('iris'), makeFiles(), { 'forest.bin': { dtype: 'uint8', shape: [16, 16] } });
        expect([first.version, second.version]).toEqual([1, 2]);
        const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
        const files = makeFiles();
        expect(first.artifacts).toEqual([
          { file: 'model.json', bytes: 12, sha256: sha256(files['model.json']) },
          { file: 'forest.bin', bytes: 256, sha256: sha256(files['forest.bin']) },
        ]);
        expect(second.artifacts[1]).toMatchObject({ dtype: 'uint8', shape: [16, 16] });
        expect(first.artifacts[0]).not.toHaveProperty('dtype');
        expect(first).toMatchObject({ model_name: 'iris', status: 'ready', created_at: expect.any(String) });
      });

      it('should hand out distinct numbers without gaps to writers racing on one model', async () => {
        const made = await Promise.all(Array.from({ length: 10 }, () => store().createVersion(makeDraft('iris'), makeFiles())));
        expect(made.map((m) => m.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        expect((await store().listVersions('iris')).map((m) => m.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      });

      it('should refuse, storing nothing, a draft without artifacts, with a bad name or off the metadata schema', async () => {
        await expect(store().createVersion(makeDraft('iris'), {})).rejects.toMatchObject({ code: 'INVALID_INPUT' });
        await expect(store().createVersion(makeDraft('../x'), makeFiles())).rejects.toMatchObject({ code: 'INVALID_INPUT', details: [expect.objectContaining({ path: 'model_name' })] });
        await expect(store().createVersion(makeDraft('iris', { task: 'clustering' as never }), makeFiles())).rejects.toMatchObject({ code: 'INVALID_INPUT' });
        await expect(store().createVersion(makeDraft('iris'), makeFiles(), { 'forest.bin': { dtype: 'float64', shape: [3] } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
        expect(await store().listModels()).toEqual([]);
      });
    });

    describe('.listModels() and .listVersions(name)', () => {
      it('should list nothing for an empty store', async () => {
        expect(await store().listModels()).toEqual([]);
        await expect(store().listVersions('iris')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
      });

      it('should summarise each model from its latest version, sorted by name, and list versions ascending', async () => {
        await store().createVersion(makeDraft('wine'), makeFiles());
        await store().createVersion(makeDraft('iris'), makeFiles());
        const latest = await store().createVersion(makeDraft('iris', { model_type: 'RandomForestRegressor', task: 'regression', signature: { ...makeDraft('iris').signature, class_labels: null } }), makeFiles());
        expect(await store().listModels()).toEqual([
          { model_name: 'iris', latest_version: 2, n_versions: 2, model_type: 'RandomForestRegressor', updated_at: latest.created_at },
          expect.objectContaining({ model_name: 'wine', latest_version: 1, n_versions: 1, model_type: 'RandomForestClassifier' }),
        ]);
        const versions = await store().listVersions('iris');
        expect(versions.map((m) => m.version)).toEqual([1, 2]);
        expect(versions[1]).toEqual(latest);
      });
    });

    describe('.resolveVersion(name, ref)', () => {
      beforeEach(async () => {
        await store().createVersion(makeDraft('iris'), makeFiles());
        await store().createVersion(makeDraft('iris'), makeFiles());
        await store().createVersion(makeDraft('iris', { status: 'rejected', rejection_reasons: ['accuracy 0.5 < 0.9'] }), makeFiles());
      });

      it('should resolve a number to itself (even a rejected one) and "latest" or no ref to the newest ready version', async () => {
        expect(await store().resolveVersion('iris', 3)).toBe(3);
        expect(await store().resolveVersion('iris', 'latest')).toBe(2);
        expect(await store().resolveVersion('iris')).toBe(2);
      });

      it('should resolve an alias, and no ref to "production" when it is set', async () => {
        await store().setAlias('iris', 'production', 1);
        await store().setAlias('iris', 'staging', 3);
        expect(await store().resolveVersion('iris')).toBe(1);
        expect(await store().resolveVersion('iris', 'staging')).toBe(3);
      });

      it('should answer VERSION_NOT_FOUND, MODEL_NOT_FOUND, ALIAS_NOT_FOUND or INVALID_INPUT as appropriate', async () => {
        await expect(store().resolveVersion('iris', 4)).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
        await expect(store().resolveVersion('wine', 'latest')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
        await expect(store().resolveVersion('iris', 'champion')).rejects.toMatchObject({ code: 'ALIAS_NOT_FOUND' });
        await expect(store().resolveVersion('iris', 'newest!')).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('"newest!"') });
      });

      it('should answer NO_SERVABLE_VERSION when every version is rejected', async () => {
        await store().createVersion(makeDraft('wine', { status: 'rejected' }), makeFiles());
        await expect(store().resolveVersion('wine')).rejects.toMatchObject({ code: 'NO_SERVABLE_VERSION' });
      });
    });

    describe('.readMetadata(name, version) and .readArtifacts(name, version)', () => {
      it('should read back what was stored, each artifact in an ArrayBuffer of its own', async () => {
        const stored = await store().createVersion(makeDraft('iris'), makeFiles());
        expect(await store().readMetadata('iris', 1)).toEqual(stored);
        const files = await store().readArtifacts('iris', 1);
        expect(files).toEqual(makeFiles());
        for (const bytes of Object.values(files)) expect([bytes.byteOffset, bytes.buffer.byteLength]).toEqual([0, bytes.byteLength]);
      });

      it('should answer VERSION_NOT_FOUND or MODEL_NOT_FOUND for what was never stored', async () => {
        await store().createVersion(makeDraft('iris'), makeFiles());
        await expect(store().readMetadata('iris', 2)).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
        await expect(store().readArtifacts('iris', 2)).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
        await expect(store().readMetadata('wine', 1)).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
      });

      it('should refuse an artifact whose bytes no longer match their sha256 as MODEL_CORRUPT', async () => {
        await store().createVersion(makeDraft('iris'), makeFiles());
        await subject.current.damageArtifact('iris', 1, 'forest.bin');
        await expect(store().readArtifacts('iris', 1)).rejects.toMatchObject({ code: 'MODEL_CORRUPT', message: expect.stringContaining('forest.bin') });
        await expect(store().exportVersion('iris', 1)).rejects.toMatchObject({ code: 'MODEL_CORRUPT' });
      });
    });

    describe('.exportVersion(name, version)', () => {
      it('should give parts that decode back to the stored metadata and files', async () => {
        const stored = await store().createVersion(makeDraft('iris'), makeFiles());
        const { metadata, parts } = await store().exportVersion('iris', 1);
        expect(metadata).toEqual(stored);
        const decoded = decodeModelExport(Buffer.concat(parts));
        expect(decoded.header.metadata).toEqual(stored);
        expect(decoded.files).toEqual(makeFiles());
      });
    });

    describeModelStoreContractMore(store);
  });
}

/** Opens a subject before each test and closes it after; `current` is the test's. */
function useContractSubject(open: OpenContractSubject): { current: ContractSubject } {
  const holder = { current: undefined as unknown as ContractSubject };
  beforeEach(async () => {
    holder.current = await open();
  });
  afterEach(async () => {
    await holder.current?.close();
  });
  return holder;
}
