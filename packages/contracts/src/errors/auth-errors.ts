import { TabulaError } from './tabula-error.js';

// The gateway's door: API keys (401), roles (403) and per-caller budgets (429 with Retry-After).

/** 401 for a call without a key, when the gateway has TABULA_API_KEYS. */
export const apiKeyMissing = () =>
  new TabulaError('UNAUTHORIZED', 'This call needs an API key.', {
    hint: 'Send it as "Authorization: Bearer <key>" or "x-api-key: <key>". /health, /ready and /docs need none.',
  });

/** 401 for a key that is none of the configured ones; the key itself is never echoed. */
export const apiKeyInvalid = () =>
  new TabulaError('UNAUTHORIZED', 'The API key sent is not valid.', {
    hint: 'Check the key for typos, or ask the operator for one (TABULA_API_KEYS on the gateway).',
  });

/** 403 for a key whose role (`role`, e.g. read) does not allow the call, which `needs` another (admin). */
export const roleForbidden = (method: string, path: string, needs: string, role: string) =>
  new TabulaError('FORBIDDEN', `${method} ${path.slice(0, 200)} needs an ${needs} key; the key sent is ${role}-only.`, {
    hint: 'Read keys may score (/predict, /predict_batch, /monitoring) and read (GET); training, deletes, aliases and imports need an admin key.',
  });

/** 429 for an address past AUTH_FAILURES_PER_MINUTE: refused before its key is even looked at. */
export const tooManyAuthFailures = (retryAfterS: number) =>
  new TabulaError('TOO_MANY_REQUESTS', 'Too many failed authentications from this address in the last minute.', {
    hint: `Wait ${retryAfterS} s (Retry-After), then send a valid key. The operator sets the allowance with AUTH_FAILURES_PER_MINUTE.`,
    retryAfterS,
  });

/** 429 for a key (or, without keys, an address) past RATE_LIMIT_PER_MINUTE. */
export const rateLimited = (retryAfterS: number) =>
  new TabulaError('TOO_MANY_REQUESTS', 'Too many requests for this API key (or client address) in the last minute.', {
    hint: `Wait ${retryAfterS} s (Retry-After) before the next call, or ask the operator to raise RATE_LIMIT_PER_MINUTE.`,
    retryAfterS,
  });
