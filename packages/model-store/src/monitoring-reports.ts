import { randomUUID } from 'node:crypto';
import { readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { MonitoringReportSchema, type MonitoringKind, type MonitoringReport } from '@tabula/contracts';
import { errnoCode, syncDirectory, writeFileDurably } from './durable-fs.js';
import { isRealPath, makeRealDirs, readFileNoFollow } from './no-links.js';
import type { StorePaths } from './store-paths.js';

/** Reports kept per version and kind; older ones are removed as new ones arrive, so the volume stays bounded. */
export const MONITORING_REPORTS_KEPT = 100;

// <model>/monitoring/<kind>/v<version>-<zero-padded ms>-<uuid>.json: names sort by version, then time.
const REPORT_ENTRY = /^v([1-9][0-9]{0,8})-([0-9]{15})-[0-9a-f-]{36}\.json$/;

function reportsDir(paths: StorePaths, name: string, kind: MonitoringKind): string {
  return join(paths.modelDir(name), 'monitoring', kind);
}

/** Stores a report atomically (written in the temp dir, fsynced, renamed into place). */
export async function writeMonitoringReport(paths: StorePaths, report: MonitoringReport): Promise<void> {
  const dir = reportsDir(paths, report.model_name, report.kind);
  await makeRealDirs(paths, dir);
  await makeRealDirs(paths, paths.scratchDir);
  const file = `v${report.model_version}-${String(Date.parse(report.created_at)).padStart(15, '0')}-${randomUUID()}.json`;
  const temp = join(paths.scratchDir, `report-${file}`);
  try {
    await writeFileDurably(temp, new TextEncoder().encode(JSON.stringify(report)), 'wx');
    await rename(temp, join(dir, file));
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
  const stale = (await reportFiles(paths, dir, report.model_version)).slice(MONITORING_REPORTS_KEPT);
  await Promise.all(stale.map((old) => rm(join(dir, old), { force: true })));
}

/** The newest reports of a version, newest first; a file that does not parse is skipped. */
export async function readMonitoringReports(paths: StorePaths, name: string, version: number, kind: MonitoringKind, limit: number): Promise<MonitoringReport[]> {
  const dir = reportsDir(paths, name, kind);
  const reports: MonitoringReport[] = [];
  for (const file of await reportFiles(paths, dir, version)) {
    if (reports.length >= limit) break;
    const parsed = MonitoringReportSchema.safeParse(await readJson(paths, join(dir, file)));
    if (parsed.success) reports.push(parsed.data);
  }
  return reports;
}

/** This version's report files, newest first. */
async function reportFiles(paths: StorePaths, dir: string, version: number): Promise<string[]> {
  let entries: string[];
  try {
    if (!(await isRealPath(paths, dir))) return [];
    entries = await readdir(dir);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((entry) => REPORT_ENTRY.exec(entry)?.[1] === String(version))
    .sort()
    .reverse();
}

async function readJson(paths: StorePaths, path: string): Promise<unknown> {
  try {
    return JSON.parse((await readFileNoFollow(paths, path)).toString('utf8'));
  } catch (error) {
    if (error instanceof SyntaxError || errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}
