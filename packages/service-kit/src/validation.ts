import { invalidFields, issuesToDetails, type ErrorCode } from '@tabula/contracts';
import type { z } from 'zod';

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
  throw invalidFields(what, issuesToDetails(result.error.issues), code);
}
