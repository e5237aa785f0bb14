import { TabulaError, type ErrorCode, type ErrorDetail } from '@tabula/contracts';
import type { z } from 'zod';

/** Formats zod issues as the `details` of an error body, with dotted paths. */
export function issuesToDetails(issues: z.core.$ZodIssue[], prefix?: string): ErrorDetail[] {
  return issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter((part) => part !== undefined && part !== '').join('.') || '(root)',
    message: issue.message,
  }));
}

/**
 * Parses request input with a contracts schema; a failure becomes one 4xx TabulaError whose message
 * lists every bad field with what was wrong, so a client can fix them all at once.
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  what: string,
  code: ErrorCode = 'INVALID_INPUT',
): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = issuesToDetails(result.error.issues);
  throw new TabulaError(code, `Invalid ${what}: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}.`, {
    details,
  });
}
