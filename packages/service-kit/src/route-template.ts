import type { Request } from 'express';

/** The label for requests no route matched (404s, probes for random paths). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The route template a request matched ("/models/:name/versions/:version"), never the raw path:
 * metric labels and log fields stay a small, fixed set however many names and ids clients send.
 * Every router is mounted at the root, so baseUrl is empty today; it is kept for a mounted router.
 */
export function routeTemplateOf(req: Request): string {
  const path: unknown = req.route?.path;
  return typeof path === 'string' ? `${req.baseUrl}${path}` : UNMATCHED_ROUTE;
}
