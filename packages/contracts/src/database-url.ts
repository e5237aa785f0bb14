import { invalidInput } from './errors/index.js';
import { z } from './z.js';

/** What the registry needs of DATABASE_URL: the URL for the driver, and what errors may name (never the password). */
export interface DatabaseTarget {
  connectionString: string;
  /** "host:port", for messages and logs. */
  hostPort: string;
  user: string;
}

const DatabaseUrlSchema = z
  .string()
  .url()
  .refine((value) => /^postgres(ql)?:$/.test(new URL(value).protocol), { message: 'must start with postgres:// or postgresql://' });

/** Parses DATABASE_URL; a bad one is INVALID_INPUT whose message shows the URL with its password masked. */
export function parseDatabaseUrl(value: string): DatabaseTarget {
  const parsed = DatabaseUrlSchema.safeParse(value);
  if (!parsed.success) {
    const reason = parsed.error.issues[0]?.message ?? 'is invalid';
    throw invalidInput(`DATABASE_URL ${JSON.stringify(maskPassword(value))} is not valid: ${reason}.`, {
      hint: 'Write it as postgres://user:password@host:5432/database.',
      details: [{ path: 'DATABASE_URL', message: reason }],
    });
  }
  const url = new URL(parsed.data);
  return {
    connectionString: parsed.data,
    hostPort: `${url.hostname || 'localhost'}:${url.port || '5432'}`,
    user: decodeURIComponent(url.username) || 'postgres',
  };
}

/** The URL with any password replaced by "***", for messages about a URL that may not even parse. */
function maskPassword(value: string): string {
  return value.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}
