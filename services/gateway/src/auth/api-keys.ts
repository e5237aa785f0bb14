import { readFileSync } from 'node:fs';
import { z } from '@tabula/contracts';

/** `read` may score and browse; `admin` may also change what is stored (train, delete, aliases, import). */
export const API_KEY_ROLES = ['read', 'admin'] as const;
export type ApiKeyRole = (typeof API_KEY_ROLES)[number];

export interface ApiKey {
  /** Where the key is configured ("TABULA_API_KEYS #2"): what logs name instead of the key. */
  label: string;
  key: string;
  role: ApiKeyRole;
}

/** Short keys can be guessed; 16 characters of a random token (e.g. `openssl rand -hex 32`) cannot. */
export const MIN_KEY_LENGTH = 16;

const KeyEntrySchema = z
  .string()
  .regex(/^[^:\s]+:[a-z]+$/, { message: 'must be "<key>:<role>", e.g. "3f9c…e1:admin"' })
  .transform((entry) => {
    const cut = entry.lastIndexOf(':');
    return { key: entry.slice(0, cut), role: entry.slice(cut + 1) };
  })
  .pipe(
    z.object({
      key: z.string().min(MIN_KEY_LENGTH, { message: `the key must be at least ${MIN_KEY_LENGTH} characters long` }),
      role: z.enum(API_KEY_ROLES, { message: 'the role must be "read" or "admin"' }),
    }),
  );

const KeyListSchema = z
  .array(KeyEntrySchema)
  .refine((keys) => new Set(keys.map((k) => k.key)).size === keys.length, { message: 'a key is listed twice' });

/**
 * Parses the API keys: entries `<key>:<role>` separated by commas or newlines; in a file, blank
 * lines and lines starting with `#` are skipped. An error names the source and entry, never a key.
 */
export function parseApiKeys(text: string, source = 'TABULA_API_KEYS'): ApiKey[] {
  const entries = text
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '' && !entry.startsWith('#'));
  const result = KeyListSchema.safeParse(entries);
  if (!result.success) {
    const problems = result.error.issues.map((issue) =>
      typeof issue.path[0] === 'number' ? `entry ${issue.path[0] + 1} ${issue.message}` : issue.message,
    );
    throw new Error(`Invalid ${source}: ${problems.join('; ')}.`);
  }
  return result.data.map((entry, i) => ({ label: `${source} #${i + 1}`, ...entry }));
}

/** The keys from TABULA_API_KEYS and from the file TABULA_API_KEYS_FILE names; none means auth is off. */
export function loadApiKeys(config: { TABULA_API_KEYS: string; TABULA_API_KEYS_FILE?: string }): ApiKey[] {
  const fromEnv = parseApiKeys(config.TABULA_API_KEYS);
  const fromFile = config.TABULA_API_KEYS_FILE ? parseApiKeys(readKeysFile(config.TABULA_API_KEYS_FILE), 'TABULA_API_KEYS_FILE') : [];
  const keys = [...fromEnv, ...fromFile];
  if (new Set(keys.map((k) => k.key)).size !== keys.length) {
    throw new Error('Invalid API keys: a key is listed in both TABULA_API_KEYS and TABULA_API_KEYS_FILE.');
  }
  return keys;
}

function readKeysFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`TABULA_API_KEYS_FILE names ${path}, which cannot be read (${(error as { code?: string }).code ?? 'unknown error'}).`);
  }
}
