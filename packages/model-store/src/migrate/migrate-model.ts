import { isDeepStrictEqual } from 'node:util';
import { MonitoringKindSchema, isTabulaError, type Aliases } from '@tabula/contracts';
import { MONITORING_REPORTS_KEPT } from '../monitoring-reports.js';
import type { PostgresModelStore } from '../postgres/open-postgres-store.js';
import type { FolderSource } from './folder-source.js';

/** What the migration did with one model. `problems` are the items skipped that make the exit code 1. */
export interface ModelTally {
  name: string;
  copied: number[];
  alreadyThere: number[];
  /** Folder versions not copied because the cluster handed out their number before (deleted there, or reserved). */
  numberRetired: number[];
  corrupt: { version: number; message: string }[];
  aliasesSet: number;
  aliasesAlreadySet: number;
  /** Aliases the cluster has moved elsewhere: its value is kept. */
  aliasesKept: string[];
  reportsCopied: number;
  reportsAlreadyThere: number;
  /** Lines for the operator: what was skipped and why. */
  notes: string[];
  problems: string[];
}

const emptyTally = (name: string): ModelTally => ({
  name,
  copied: [],
  alreadyThere: [],
  numberRetired: [],
  corrupt: [],
  aliasesSet: 0,
  aliasesAlreadySet: 0,
  aliasesKept: [],
  reportsCopied: 0,
  reportsAlreadyThere: 0,
  notes: [],
  problems: [],
});

/**
 * Copies one model: versions in ascending order (so an interrupted run leaves next_version at the last one copied,
 * and a rerun goes on from there), then reserves every number the folder ever used, then aliases, then the
 * monitoring reports of every version now in the cluster. Without a target (dry run) it only reads and verifies,
 * and counts what it would copy.
 * Throws CONFLICT (a version that differs in the cluster) and any 503 of the database or the artifact store.
 */
export async function migrateModel(source: FolderSource, target: PostgresModelStore | undefined, name: string): Promise<ModelTally> {
  const tally = emptyTally(name);
  const { versions, highestUsed } = await source.readNumbers(name);
  for (const number of versions) {
    const read = await source.readVersion(name, number);
    if ('corrupt' in read) {
      tally.corrupt.push({ version: number, message: read.corrupt.message });
      tally.problems.push(`${name}@${number} skipped as corrupt: ${read.corrupt.message}`);
      continue;
    }
    if (target === undefined) {
      tally.copied.push(number);
      continue;
    }
    const outcome = await target.importVersion(read.metadata, read.files);
    if (outcome === 'imported') tally.copied.push(number);
    else if (outcome === 'already-there') tally.alreadyThere.push(number);
    else {
      tally.numberRetired.push(number);
      tally.notes.push(`${name}@${number} not copied: the cluster handed out number ${number} before (the version was deleted there, or an earlier run skipped it), and numbers are never reused`);
    }
  }
  // Deleted and corrupt numbers too: the cluster never gives them to a new version, as the folder never did.
  if (target !== undefined && highestUsed > 0) await target.reserveVersionNumbers(name, highestUsed + 1);
  await migrateAliases(source, target, tally);
  await migrateReports(source, target, tally, [...tally.copied, ...tally.alreadyThere]);
  return tally;
}

/**
 * Sets each folder alias that the cluster lacks. One the cluster already points elsewhere is kept: after the
 * switch the cluster is where aliases are moved, and a rerun must never undo a promotion made there.
 */
async function migrateAliases(source: FolderSource, target: PostgresModelStore | undefined, tally: ModelTally): Promise<void> {
  const { name } = tally;
  let aliases: Aliases;
  try {
    aliases = await source.store.readAliases(name);
  } catch (error) {
    if (!isTabulaError(error)) throw error;
    tally.problems.push(`${name}: aliases not copied: ${error.message}`);
    return;
  }
  const inCluster = [...tally.copied, ...tally.alreadyThere];
  const existing = target !== undefined && inCluster.length > 0 ? await target.readAliases(name) : {};
  for (const [alias, version] of Object.entries(aliases).sort(([a], [b]) => a.localeCompare(b))) {
    const current = existing[alias];
    if (current === version) tally.aliasesAlreadySet += 1;
    else if (current !== undefined) {
      tally.aliasesKept.push(alias);
      tally.notes.push(`${name}: alias "${alias}" kept at version ${current} in the cluster (the folder has ${version}): it was moved there`);
    } else if (tally.numberRetired.includes(version)) {
      tally.notes.push(`${name}: alias "${alias}" not set: its version ${version} was deleted in the cluster`);
    } else if (!inCluster.includes(version)) {
      tally.problems.push(`${name}: alias "${alias}" not set: its version ${version} was not copied`);
    } else {
      await target?.setAlias(name, alias, version);
      tally.aliasesSet += 1;
    }
  }
}

/** Copies each version's reports oldest first (so the cluster orders them alike), skipping any already there. */
async function migrateReports(source: FolderSource, target: PostgresModelStore | undefined, tally: ModelTally, versions: number[]): Promise<void> {
  for (const version of versions) {
    for (const kind of MonitoringKindSchema.options) {
      const reports = await source.store.readMonitoringReports(tally.name, version, kind, MONITORING_REPORTS_KEPT);
      if (reports.length === 0) continue;
      const stored = target === undefined ? [] : (await target.readMonitoringReports(tally.name, version, kind, MONITORING_REPORTS_KEPT)).map(plain);
      for (const report of reports.reverse()) {
        if (stored.some((other) => isDeepStrictEqual(other, plain(report)))) tally.reportsAlreadyThere += 1;
        else {
          await target?.writeMonitoringReport(report);
          tally.reportsCopied += 1;
        }
      }
    }
  }
}

// Compared as the rows store them (through JSON): key order and absent optional keys are no difference.
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
