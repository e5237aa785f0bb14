#!/usr/bin/env node
// `npm run store:migrate -- --from ./data/models`: copies a folder store into cluster mode (see MIGRATE_USAGE).
// A command for an operator's terminal, so it prints plain lines, not JSON logs; errors are TabulaError messages
// with their hints, never a stack.
import { StoreEnvSchema, describeStoreSpec, storeSpecOf } from '../config/store-config.js';
import { openArtifactStore } from '../artifacts/open-artifact-store.js';
import { invalidFields, isTabulaError, issuesToDetails, migrationNeedsCluster } from '@tabula/contracts';
import { openPostgresStore, type PostgresModelStore } from '../postgres/open-postgres-store.js';
import { openFolderSource } from './folder-source.js';
import { MIGRATE_USAGE, parseMigrateArgs } from './migrate-args.js';
import { exitCodeOf, formatModelLine, formatSummary, migrateFolderStore } from './migrate-folder-store.js';

/** Exit code of a run that stopped on an error (bad arguments or settings, a conflict, an unreachable store). */
const STOPPED = 2;

const print = (line: string) => process.stdout.write(`${line}\n`);

async function main(argv: string[]): Promise<number> {
  const args = parseMigrateArgs(argv);
  if (args.help || args.from === undefined) {
    print(MIGRATE_USAGE);
    return 0;
  }
  const source = await openFolderSource(args.from);
  let target: PostgresModelStore | undefined;
  if (!args.dryRun) {
    const env = StoreEnvSchema.safeParse(process.env);
    if (!env.success) throw invalidFields('settings', issuesToDetails(env.error.issues));
    const spec = storeSpecOf(env.data);
    if (spec.kind !== 'postgres') throw migrationNeedsCluster();
    const described = describeStoreSpec(spec);
    print(`Copying ${source.root} into the cluster: database ${described.database}, artifacts ${described.artifacts}`);
    const artifacts = await openArtifactStore(spec.artifactsUri, spec.s3);
    target = await openPostgresStore({ databaseUrl: spec.databaseUrl, artifacts });
  } else {
    print(`Dry run: reading ${source.root} (the cluster is not touched)`);
  }
  try {
    const summary = await migrateFolderStore({ source, target, onModel: (tally) => print(formatModelLine(tally, args.dryRun)) });
    for (const line of formatSummary(summary)) print(line);
    return exitCodeOf(summary);
  } finally {
    await target?.close();
  }
}

function report(error: unknown): void {
  if (!isTabulaError(error)) {
    process.stderr.write(`error: the migration stopped on an unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    return;
  }
  const lines = [`error [${error.code}]: ${error.message}`];
  for (const detail of error.details ?? []) lines.push(`  ${detail.path}: ${detail.message}`);
  if (error.hint !== undefined) lines.push(`hint: ${error.hint}`);
  process.stderr.write(`${lines.join('\n')}\n`);
}

// exitCode rather than exit(): stdout to a pipe is written asynchronously, and exit() could cut the summary short.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    report(error);
    process.exitCode = STOPPED;
  },
);
