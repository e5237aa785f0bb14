import cors from 'cors';
import { Router } from 'express';

/**
 * Cross-origin access for browser clients on the origins listed in CORS_ORIGINS, and none
 * otherwise (no CORS headers at all). Preflights are answered before the key check, since a
 * browser sends them without credentials.
 */
export function corsPolicy(origins: string[]): Router {
  const router = Router();
  if (origins.length === 0) return router;
  router.use(
    cors({
      origin: origins.includes('*') ? '*' : origins,
      allowedHeaders: ['authorization', 'x-api-key', 'content-type', 'x-request-id'],
      exposedHeaders: ['x-request-id', 'retry-after', 'location', 'content-disposition', 'x-model-name', 'x-model-version', 'x-ignored-columns'],
      maxAge: 600,
    }),
  );
  return router;
}
