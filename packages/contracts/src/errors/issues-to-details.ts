import type { z } from '../z.js';
import type { ErrorDetail } from './tabula-error.js';

export interface IssuesToDetailsOptions {
  /** Prepended to every path, e.g. 'model_params' for the issues of a nested JSON object. */
  prefix?: string;
  /**
   * When set, an unrecognized_keys issue becomes one detail per unknown key (path `prefix.key`) with this message,
   * so that a client sees each key it has to drop; otherwise it stays one detail with zod's message.
   */
  unknownKeyMessage?: string;
}

/**
 * Formats zod issues as the `details` of an error body ({path, message}, zod's issue shape) with dotted paths;
 * an issue about the value as a whole has the path "(root)".
 */
export function issuesToDetails(issues: readonly z.core.$ZodIssue[], options: IssuesToDetailsOptions = {}): ErrorDetail[] {
  const { prefix, unknownKeyMessage } = options;
  const pathOf = (path: readonly PropertyKey[]) =>
    [prefix, ...path.map(String)].filter((part) => part !== undefined && part !== '').join('.') || '(root)';
  return issues.flatMap((issue) =>
    unknownKeyMessage !== undefined && issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), message: unknownKeyMessage }))
      : [{ path: pathOf(issue.path), message: issue.message }],
  );
}

/** The details as one phrase for a message: "test_size must be below 1; max_depth expected number". */
export const joinDetails = (details: readonly ErrorDetail[]): string => details.map((d) => `${d.path} ${d.message}`).join('; ');
