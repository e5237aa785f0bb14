import { describe, expect, it } from '@jest/globals';
import { MONITORING_REPORTS_KEPT } from '../monitoring-reports.js';
import type { ModelStore } from '../open-model-store.js';
import { makeDraft, makeFiles, makeReport } from '../test-fixtures.js';

/**
 * The second half of the ModelStore contract (aliases, deletes, monitoring reports, hasVersion, readiness), run
 * inside describeModelStoreContract with the test's store.
 */
export function describeModelStoreContractMore(store: () => ModelStore): void {
  const createThree = async () => {
    for (let i = 0; i < 3; i += 1) await store().createVersion(makeDraft('iris'), makeFiles());
  };

  describe('aliases', () => {
    it('should set an alias, saying where it pointed before, and read it back', async () => {
      await createThree();
      expect(await store().readAliases('iris')).toEqual({});
      expect(await store().setAlias('iris', 'production', 2)).toEqual({ model_name: 'iris', alias: 'production', version: 2, previous_version: null });
      expect(await store().setAlias('iris', 'production', 3)).toEqual({ model_name: 'iris', alias: 'production', version: 3, previous_version: 2 });
      expect(await store().readAliases('iris')).toEqual({ production: 3 });
    });

    it('should keep every alias when many are set at once', async () => {
      await createThree();
      const names = Array.from({ length: 20 }, (_, i) => `alias-${i}`);
      await Promise.all(names.map((alias, i) => store().setAlias('iris', alias, (i % 3) + 1)));
      expect(Object.keys(await store().readAliases('iris')).sort()).toEqual([...names].sort());
    });

    it('should refuse a version or model that does not exist, and an invalid alias name', async () => {
      await createThree();
      await expect(store().setAlias('iris', 'production', 4)).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
      await expect(store().setAlias('wine', 'production', 1)).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
      await expect(store().setAlias('iris', 'latest', 1)).rejects.toMatchObject({ code: 'INVALID_INPUT', details: [expect.objectContaining({ path: 'alias' })] });
      expect(await store().readAliases('iris')).toEqual({});
    });

    it('should delete only that alias, and answer ALIAS_NOT_FOUND naming those that exist', async () => {
      await createThree();
      await store().setAlias('iris', 'production', 1);
      await store().setAlias('iris', 'staging', 2);
      expect(await store().deleteAlias('iris', 'staging')).toEqual({ model_name: 'iris', alias: 'staging', version: null, previous_version: 2 });
      expect(await store().readAliases('iris')).toEqual({ production: 1 });
      await expect(store().deleteAlias('iris', 'staging')).rejects.toMatchObject({ code: 'ALIAS_NOT_FOUND', hint: expect.stringContaining('"production"') });
      await expect(store().deleteAlias('wine', 'staging')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    });

    it.each(['valueOf', 'constructor', 'toString'])('should treat %s, a name Object.prototype has, as an alias like any other', async (alias) => {
      await createThree();
      await expect(store().deleteAlias('iris', alias)).rejects.toMatchObject({ code: 'ALIAS_NOT_FOUND' });
      await expect(store().resolveVersion('iris', alias)).rejects.toMatchObject({ code: 'ALIAS_NOT_FOUND' });
      expect(await store().setAlias('iris', alias, 2)).toMatchObject({ version: 2, previous_version: null });
      expect(await store().deleteAlias('iris', alias)).toMatchObject({ previous_version: 2 });
    });
  });

  describe('.deleteVersion(name, version)', () => {
    it('should remove the version from listings, reads and resolution', async () => {
      await createThree();
      await store().deleteVersion('iris', 2);
      expect((await store().listVersions('iris')).map((m) => m.version)).toEqual([1, 3]);
      await expect(store().readMetadata('iris', 2)).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
      await expect(store().readArtifacts('iris', 2)).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
      await expect(store().resolveVersion('iris', 2)).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
    });

    it('should never give a deleted number to a new version, even when every version was deleted', async () => {
      await createThree();
      await store().deleteVersion('iris', 3);
      expect((await store().createVersion(makeDraft('iris'), makeFiles())).version).toBe(4);
      for (const version of [1, 2, 4]) await store().deleteVersion('iris', version);
      expect(await store().listModels()).toEqual([]);
      await expect(store().resolveVersion('iris')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
      expect((await store().createVersion(makeDraft('iris'), makeFiles())).version).toBe(5);
    });

    it('should refuse with CONFLICT, naming them, while aliases point to the version', async () => {
      await createThree();
      await store().setAlias('iris', 'production', 2);
      await store().setAlias('iris', 'champion', 2);
      await store().setAlias('iris', 'staging', 3);
      await expect(store().deleteVersion('iris', 2)).rejects.toMatchObject({
        code: 'CONFLICT',
        message: 'Version 2 of model "iris" cannot be deleted while the aliases "champion", "production" point to it.',
      });
      expect((await store().listVersions('iris')).map((m) => m.version)).toEqual([1, 2, 3]);
      await store().setAlias('iris', 'production', 1);
      await store().deleteAlias('iris', 'champion');
      await store().deleteVersion('iris', 2);
      expect(await store().readAliases('iris')).toEqual({ production: 1, staging: 3 });
    });

    it('should not let an alias be set on a version being deleted', async () => {
      await createThree();
      const [deleted, aliased] = await Promise.allSettled([store().deleteVersion('iris', 1), store().setAlias('iris', 'production', 1)]);
      expect(deleted.status).toBe('fulfilled');
      expect(aliased).toMatchObject({ status: 'rejected', reason: { code: 'VERSION_NOT_FOUND' } });
      expect(await store().readAliases('iris')).toEqual({});
    });

    it('should answer VERSION_NOT_FOUND or MODEL_NOT_FOUND for what does not exist', async () => {
      await createThree();
      await store().deleteVersion('iris', 1);
      await expect(store().deleteVersion('iris', 1)).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
      await expect(store().deleteVersion('wine', 1)).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    });
  });

  describe('.hasVersion(name, version)', () => {
    it('should be true for a stored version and false for a deleted or unknown one', async () => {
      await createThree();
      await store().deleteVersion('iris', 2);
      expect(await Promise.all([1, 2, 4].map((v) => store().hasVersion('iris', v)))).toEqual([true, false, false]);
      expect(await store().hasVersion('wine', 1)).toBe(false);
    });
  });

  describe('monitoring reports', () => {
    it('should read back a version’s reports of one kind newest first, up to the limit', async () => {
      await store().createVersion(makeDraft('iris'), makeFiles());
      await store().writeMonitoringReport(makeReport(1, 1, 0.8));
      await store().writeMonitoringReport(makeReport(1, 3, 0.7));
      await store().writeMonitoringReport(makeReport(2, 2, 0.6));
      const reports = await store().readMonitoringReports('iris', 1, 'performance', 10);
      expect(reports).toEqual([makeReport(1, 3, 0.7), makeReport(1, 1, 0.8)]);
      expect(await store().readMonitoringReports('iris', 1, 'drift', 10)).toEqual([]);
      expect(await store().readMonitoringReports('iris', 1, 'performance', 1)).toHaveLength(1);
      expect((await store().listVersions('iris')).map((v) => v.version)).toEqual([1]);
    });

    it(`should keep only the newest ${MONITORING_REPORTS_KEPT} reports of a version`, async () => {
      await store().createVersion(makeDraft('iris'), makeFiles());
      for (let i = 0; i < MONITORING_REPORTS_KEPT + 3; i += 1) await store().writeMonitoringReport(makeReport(1, i, i / 1000));
      const reports = await store().readMonitoringReports('iris', 1, 'performance', 1000);
      expect(reports).toHaveLength(MONITORING_REPORTS_KEPT);
      expect(reports[0]).toEqual(makeReport(1, MONITORING_REPORTS_KEPT + 2, (MONITORING_REPORTS_KEPT + 2) / 1000));
    });
  });

  describe('readiness and start-up', () => {
    it('should report a usable store ready, and find nothing to sweep in a fresh one', async () => {
      expect(await store().removeOrphanedTemp()).toBe(0);
      expect(await store().checkReadable()).toEqual({ ok: true });
      expect(await store().checkWritable()).toEqual({ ok: true });
    });
  });
}
