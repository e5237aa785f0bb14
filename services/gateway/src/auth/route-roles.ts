import type { ApiKeyRole } from './api-keys.js';

/**
 * Answered without a key: probes, the API documentation (Swagger UI loads its assets under /docs/), and the root,
 * which only points to the documentation.
 */
export function isPublicPath(path: string): boolean {
  if (path.includes('..')) return false;
  return path === '/' || path === '/health' || path === '/ready' || path === '/openapi.json' || path === '/docs' || path.startsWith('/docs/');
}

/** POST routes that only score or analyse the data sent and change nothing stored a client relies on. */
const READ_ONLY_POSTS = new Set(['/predict', '/predict_batch', '/monitoring/performance', '/monitoring/drift']);

/**
 * The role a request needs. Reads (GET, HEAD) and the scoring POSTs need `read`; everything else
 * (train, cancelling a job, delete, aliases, import, and any route added later) needs `admin`: a
 * new write route is closed to read-only keys until it is listed here on purpose.
 */
export function requiredRole(method: string, path: string): ApiKeyRole {
  if (method === 'GET' || method === 'HEAD') return 'read';
  if (method === 'POST' && READ_ONLY_POSTS.has(path)) return 'read';
  return 'admin';
}

/** Whether a key of role `has` may make a request that needs `needs`: admin keys may do everything. */
export const roleAllows = (has: ApiKeyRole, needs: ApiKeyRole): boolean => has === 'admin' || needs === 'read';
