import type { Health, Readiness } from '@tabula/contracts';
import { Router, type Request, type Response } from 'express';

/**
 * One readiness check. `message` says what is wrong in words any caller may read; `url` names the internal address
 * that was checked (an upstream service): shown only to callers `showsInternals` admits, and logged when not ready.
 */
export type ReadinessCheck = () => Promise<CheckResult>;
type CheckResult = { ok: boolean; message?: string; url?: string };

export interface HealthRoutesOptions {
  /** Whether this caller may see internal addresses in /ready (the gateway: an admin key); nobody when absent. */
  showsInternals?: (req: Request, res: Response) => boolean;
}

/**
 * `/health` answers as long as the process serves HTTP (liveness); `/ready` runs the service's
 * checks (models dir, upstreams) and answers 503 until all pass (readiness). /ready needs no key, so
 * it shows the internal network's addresses only to the callers allowed them; operators find them in
 * the warning logged for each failing check.
 */
export function healthRoutes(service: string, checks: Record<string, ReadinessCheck>, options: HealthRoutesOptions = {}): Router {
  const startedAt = Date.now();
  const router = Router();
  router.get('/health', (_req, res) => {
    const body: Health = { status: 'ok', service, uptime_s: Math.round((Date.now() - startedAt) / 1000) };
    res.json(body);
  });
  router.get('/ready', async (req, res) => {
    const entries = await Promise.all(
      Object.entries(checks).map(async ([name, check]): Promise<[string, CheckResult]> => {
        try {
          return [name, await check()];
        } catch (error) {
          return [name, { ok: false, message: (error as Error).message }];
        }
      }),
    );
    for (const [name, result] of entries) {
      if (!result.ok) req.log.warn({ check: name, url: result.url, reason: result.message }, `${service} not ready: ${name}`);
    }
    const showsInternals = options.showsInternals?.(req, res) ?? false;
    const body: Readiness = {
      ready: entries.every(([, r]) => r.ok),
      service,
      checks: Object.fromEntries(entries.map(([name, { url, ...shown }]) => [name, showsInternals && url !== undefined ? { ...shown, url } : shown])),
    };
    res.status(body.ready ? 200 : 503).json(body);
  });
  return router;
}
