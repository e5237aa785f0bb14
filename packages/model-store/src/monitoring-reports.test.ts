import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { MONITORING_REPORTS_KEPT } from './monitoring-reports.js';
import { makeDraft, makeFiles, makeReport, useTempStore, listTempFiles } from './test-fixtures.js';

const temp = useTempStore();

beforeEach(async () => {
  await temp.store.createVersion(makeDraft('iris'), makeFiles());
});

describe('ModelStore monitoring reports', () => {
  it('should read back a version’s reports newest first, and only that version’s', async () => {
    await temp.store.writeMonitoringReport(makeReport(1, 1, 0.8));
    await temp.store.writeMonitoringReport(makeReport(1, 3, 0.7));
    await temp.store.writeMonitoringReport(makeReport(2, 2, 0.6));
    const reports = await temp.store.readMonitoringReports('iris', 1, 'performance', 10);
    expect(reports.map((r) => r.kind === 'performance' && r.metrics.accuracy)).toEqual([0.7, 0.8]);
    expect(await temp.store.readMonitoringReports('iris', 1, 'drift', 10)).toEqual([]);
    expect(await temp.store.readMonitoringReports('iris', 1, 'performance', 1)).toHaveLength(1);
  });

  it('should leave no temp file and keep listing the versions as before', async () => {
    await temp.store.writeMonitoringReport(makeReport(1, 1, 0.8));
    expect(await listTempFiles(temp.root)).toEqual([]);
    expect((await temp.store.listVersions('iris')).map((v) => v.version)).toEqual([1]);
  });

  it('should skip a report file that does not parse', async () => {
    await temp.store.writeMonitoringReport(makeReport(1, 1, 0.8));
    const dir = join(temp.root, 'iris', 'monitoring', 'performance');
    await writeFile(join(dir, `v1-${'9'.repeat(15)}-00000000-0000-0000-0000-000000000000.json`), '{"truncated');
    expect(await temp.store.readMonitoringReports('iris', 1, 'performance', 10)).toHaveLength(1);
  });

  it(`should keep only the newest ${MONITORING_REPORTS_KEPT} reports of a version`, async () => {
    for (let i = 0; i < MONITORING_REPORTS_KEPT + 3; i++) await temp.store.writeMonitoringReport(makeReport(1, i, i / 1000));
    const files = await readdir(join(temp.root, 'iris', 'monitoring', 'performance'));
    expect(files).toHaveLength(MONITORING_REPORTS_KEPT);
    const [newest] = await temp.store.readMonitoringReports('iris', 1, 'performance', 1);
    expect(newest.kind === 'performance' && newest.metrics.accuracy).toBe((MONITORING_REPORTS_KEPT + 2) / 1000);
  });
});
