import { parseArgs } from 'node:util';
import { issuesToDetails, migrationArgsInvalid, z } from '@tabula/contracts';

/** What `store:migrate` was asked to do. */
export const MigrateArgsSchema = z.object({
  from: z.string().trim().min(1, 'must name the folder store\'s models directory').optional(),
  dryRun: z.boolean(),
  help: z.boolean(),
});
export type MigrateArgs = z.infer<typeof MigrateArgsSchema>;

export const MIGRATE_USAGE = `Usage: npm run store:migrate -- --from <models dir> [--dry-run]
       (in an image: node node_modules/@tabula/model-store/dist/migrate/main.js --from /models)

Copies a folder store (embedded mode's MODELS_DIR) into cluster mode: every readable version with its number,
metadata and checksums, every alias and every monitoring report; then reads each version back from the cluster.
Safe to run again: what is already there is skipped.

  --from <dir>   the folder store's models directory (required)
  --dry-run      read and verify the folder and list what it holds; the cluster is not touched
  --help         this text

The cluster comes from the services' settings: DATABASE_URL, ARTIFACTS_URI, S3_ENDPOINT, S3_FORCE_PATH_STYLE,
AWS_REGION and the AWS credential environment (see docs/deploy.md).

Exit codes: 0 all copied and verified; 1 done, but something was skipped (corrupt versions, unreadable aliases);
2 stopped (bad arguments or settings, a version that differs in the cluster, an unreachable database or bucket).`;

/** Parses argv (without node and the script); throws INVALID_INPUT naming the option at fault. */
export function parseMigrateArgs(argv: string[]): MigrateArgs {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { from: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // node:util's messages name the option ("Unknown option '--form'") and carry no path or stack.
    throw migrationArgsInvalid([{ path: 'arguments', message: error instanceof Error ? error.message : String(error) }]);
  }
  const parsed = MigrateArgsSchema.safeParse({ from: values.from, dryRun: values['dry-run'], help: values.help });
  if (!parsed.success) throw migrationArgsInvalid(issuesToDetails(parsed.error.issues).map((d) => ({ ...d, path: `--${d.path}` })));
  if (!parsed.data.help && parsed.data.from === undefined) throw migrationArgsInvalid([{ path: '--from', message: 'is required' }]);
  return parsed.data;
}
