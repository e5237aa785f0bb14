import type { PostgresModelStore } from '../postgres/open-postgres-store.js';
import type { FolderSource } from './folder-source.js';
import { migrateModel, type ModelTally } from './migrate-model.js';

/** The outcome of one run, for the summary and the exit code. */
export interface MigrationSummary {
  isDryRun: boolean;
  models: ModelTally[];
  /** Versions read back from the cluster, every artifact checked against its recorded size and sha256. */
  verified: number;
  /** Everything skipped that the operator must look at (corrupt versions, unreadable aliases): exit code 1. */
  problems: string[];
}

export interface MigrateOptions {
  source: FolderSource;
  /** The cluster store to copy into; undefined for a dry run, which reads and verifies the folder only. */
  target?: PostgresModelStore;
  /** Called with each model's tally as it is done, for a progress line. */
  onModel?: (tally: ModelTally) => void;
}

/**
 * Copies every model of a folder store into the cluster (see migrateModel), one model at a time, then reads every
 * version copied or found there back through the cluster store, whose reads verify each artifact's sha256, so a
 * run that ends without an error has shown the cluster holds what the folder held. Throws CONFLICT (a version that
 * differs in the cluster: the run stops there, with nothing of that version copied) and the 503s of the database
 * or the artifact store.
 */
export async function migrateFolderStore({ source, target, onModel }: MigrateOptions): Promise<MigrationSummary> {
  const models: ModelTally[] = [];
  for (const name of await source.listModelNames()) {
    const tally = await migrateModel(source, target, name);
    models.push(tally);
    onModel?.(tally);
  }
  let verified = 0;
  if (target !== undefined) {
    for (const tally of models) {
      for (const version of [...tally.copied, ...tally.alreadyThere].sort((a, b) => a - b)) {
        await target.readArtifacts(tally.name, version);
        verified += 1;
      }
    }
  }
  return { isDryRun: target === undefined, models, verified, problems: models.flatMap((tally) => tally.problems) };
}

/** 0: all copied and verified; 1: done, but something was skipped (the problems). Stopping with an error is 2. */
export const exitCodeOf = (summary: MigrationSummary): number => (summary.problems.length > 0 ? 1 : 0);

/** One line per model, as the run goes. */
export function formatModelLine(tally: ModelTally, isDryRun: boolean): string {
  const versions = isDryRun
    ? `${tally.copied.length} versions to copy`
    : `${tally.copied.length} versions copied, ${tally.alreadyThere.length} already there`;
  const skipped = tally.corrupt.length > 0 ? `, ${tally.corrupt.length} skipped as corrupt (${tally.corrupt.map((c) => c.version).join(', ')})` : '';
  const retired = tally.numberRetired.length > 0 ? `, ${tally.numberRetired.length} not copied (number retired in the cluster)` : '';
  const aliases = `${tally.aliasesSet} aliases ${isDryRun ? 'to set' : 'set'}${isDryRun ? '' : `, ${tally.aliasesAlreadySet} already set, ${tally.aliasesKept.length} kept as the cluster has them`}`;
  const reports = `${tally.reportsCopied} reports ${isDryRun ? 'to copy' : 'copied'}${isDryRun ? '' : `, ${tally.reportsAlreadyThere} already there`}`;
  return `${tally.name}: ${versions}${skipped}${retired}; ${aliases}; ${reports}`;
}

/** The final summary: totals, then every note and problem, one per line. */
export function formatSummary(summary: MigrationSummary): string[] {
  const sum = (pick: (tally: ModelTally) => number) => summary.models.reduce((total, tally) => total + pick(tally), 0);
  const lines = summary.isDryRun
    ? [
        `Dry run: ${summary.models.length} models; ${sum((t) => t.copied.length)} versions to copy (checksums verified in the folder), ` +
          `${sum((t) => t.corrupt.length)} corrupt; ${sum((t) => t.aliasesSet)} aliases; ${sum((t) => t.reportsCopied)} reports. Nothing was written.`,
      ]
    : [
        `Migrated ${summary.models.length} models.`,
        `  versions: ${sum((t) => t.copied.length)} copied, ${sum((t) => t.alreadyThere.length)} already there, ` +
          `${sum((t) => t.corrupt.length)} skipped as corrupt, ${sum((t) => t.numberRetired.length)} not copied (number retired in the cluster)`,
        `  aliases: ${sum((t) => t.aliasesSet)} set, ${sum((t) => t.aliasesAlreadySet)} already set, ${sum((t) => t.aliasesKept.length)} kept as the cluster has them`,
        `  reports: ${sum((t) => t.reportsCopied)} copied, ${sum((t) => t.reportsAlreadyThere)} already there`,
        `  verified: ${summary.verified} versions read back from the cluster, every artifact's sha256 checked`,
      ];
  for (const note of summary.models.flatMap((tally) => tally.notes)) lines.push(`  note: ${note}`);
  for (const problem of summary.problems) lines.push(`  SKIPPED: ${problem}`);
  return lines;
}
