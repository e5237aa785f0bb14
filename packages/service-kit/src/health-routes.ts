import type { Health, Readiness } from '@tabula/contracts';
import { Router } from 'express';

export type ReadinessCheck = () => Promise<{ ok: boolean; message?: string }>;

/**
 * `/health` answers as long as the process serves HTTP (liveness); `/ready` runs the service's
 * checks (models dir, upstreams) and answers 503 until all pass (readiness).
 */
export function healthRoutes(service: string, checks: Record<string, ReadinessCheck>): Router {
  const startedAt = Date.now();
  const router = Router();
  router.get('/health', (_req, res) => {
    const body: Health = { status: 'ok', service, uptime_s: Math.round((Date.now() - startedAt) / 1000) };
    res.json(body);
  });
  router.get('/ready', async (_req, res) => {
    const entries = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          return [name, await check()] as const;
        } catch (error) {
          return [name, { ok: false, message: (error as Error).message }] as const;
        }
      }),
    );
    const body: Readiness = { ready: entries.every(([, r]) => r.ok), service, checks: Object.fromEntries(entries) };
    res.status(body.ready ? 200 : 503).json(body);
  });
  return router;
}
