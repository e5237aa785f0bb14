import { AliasNameSchema, ModelNameSchema, VersionNumberSchema, VersionRefSchema, invalidInput } from '@tabula/contracts';
import type { TabulaError, VersionRef } from '@tabula/contracts';

function rejection(label: string, field: string, value: unknown, issues: { message: string }[]): TabulaError {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  const reason = issues[0]?.message ?? 'is invalid';
  // The contracts' messages read "must be …"; zod's defaults for a wrong type do not.
  const phrase = reason.startsWith('must') ? `it ${reason}` : reason;
  return invalidInput(`${label} ${shown} is not valid: ${phrase}.`, { details: [{ path: field, message: reason }] });
}

/**
 * Checks a model name before it becomes a path segment. The schema only admits one segment that
 * cannot start with '.', so "..", "a/b", ".tmp" and "" never reach the filesystem.
 */
export function parseModelName(value: unknown): string {
  const parsed = ModelNameSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw rejection('Model name', 'model_name', value, parsed.error.issues);
}

export function parseVersion(value: unknown): number {
  const parsed = VersionNumberSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw rejection('Version', 'version', value, parsed.error.issues);
}

export function parseVersionRef(value: unknown): VersionRef {
  const parsed = VersionRefSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw rejection('Version', 'version', value, parsed.error.issues);
}

export function parseAliasName(value: unknown): string {
  const parsed = AliasNameSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw rejection('Alias', 'alias', value, parsed.error.issues);
}

/** True when a directory entry under the root is exactly a valid model name (not ".tmp", not " x"). */
export function isModelName(entry: string): boolean {
  const parsed = ModelNameSchema.safeParse(entry);
  return parsed.success && parsed.data === entry;
}
