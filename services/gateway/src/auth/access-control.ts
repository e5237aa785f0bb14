import { TabulaError, apiKeyInvalid, apiKeyMissing, rateLimited, roleForbidden, tooManyAuthFailures } from '@tabula/contracts';
import { dropUnreadBody } from '@tabula/service-kit';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { RateBudget } from '../limits/rate-limiter.js';
import type { ApiKey } from './api-keys.js';
import { corsPolicy } from './cors-policy.js';
import { isPublicPath, requiredRole, roleAllows } from './route-roles.js';

export interface AccessControlOptions {
  /** Browser origins allowed by CORS; empty means no CORS headers. */
  corsOrigins: string[];
  /** Finds the configured key a request presented; undefined when auth is off (no keys configured). */
  findKey?: (presented: string) => ApiKey | undefined;
  /** Counts a request against its caller's budget; undefined when there is no rate limit. */
  rateLimit?: RateBudget['take'];
  /** Failed authentications allowed per client address (AUTH_FAILURES_PER_MINUTE); undefined when unlimited. */
  authFailures?: RateBudget;
}

const CHALLENGE = 'Bearer realm="tabula"';
/** A refused request's body up to this size is read and dropped before the answer (see dropUnreadBody); a larger one costs the connection. */
const REFUSED_BODY_MAX_BYTES = 1024 * 1024;

/** The key from `Authorization: Bearer <key>` or `x-api-key`; undefined when neither is sent. */
function presentedKey(req: Request): string | undefined {
  const authorization = req.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? match[1] : '';
  }
  const header = req.headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : undefined;
}

/** Whether the request presented a valid admin key: /ready shows such callers the upstreams' internal URLs. */
export const isAdminCaller = (res: Response): boolean => res.locals.apiKeyRole === 'admin';

/**
 * The gateway's door, mounted before every route: answers CORS preflights, authenticates the key (401), checks
 * its role against the route (403), and counts the request against its caller's per-minute budget
 * (429 with Retry-After). Probes and docs pass untouched; a key sent to them is checked only to know
 * an admin (and counted when it fails). The key itself is never logged or echoed: the access log
 * carries the key's label (`TABULA_API_KEYS #2`), and the logger redacts both headers.
 *
 * Failed authentications are limited per client address (`authFailures`): once an address has used
 * them up, its requests get 429 before their key is even looked at, so guessing keys stays slow and
 * a right guess among the refused ones tells nothing.
 */
export function accessControl({ corsOrigins, findKey, rateLimit, authFailures }: AccessControlOptions): Router {
  /** The address that has failed authentication too often, as a 429 to answer; undefined when it may try. */
  async function lockoutOf(req: Request): Promise<TabulaError | undefined> {
    const decision = await authFailures?.peek(clientAddress(req));
    if (!decision || decision.allowed) return undefined;
    req.log.warn({ client_address: clientAddress(req), retry_after_s: decision.retryAfterS }, 'too many failed authentications from this address');
    return tooManyAuthFailures(decision.retryAfterS);
  }

  /** The key a request presented, or a 401 to answer (the failure counted against its address). */
  async function authenticate(req: Request, res: Response, find: (presented: string) => ApiKey | undefined): Promise<ApiKey | TabulaError> {
    const presented = presentedKey(req);
    if (presented === undefined) {
      res.setHeader('WWW-Authenticate', CHALLENGE);
      return apiKeyMissing();
    }
    const key = find(presented);
    if (key) return key;
    await authFailures?.take(clientAddress(req));
    res.setHeader('WWW-Authenticate', `${CHALLENGE}, error="invalid_token"`);
    return apiKeyInvalid();
  }

  /** Why the request may not pass, or undefined when it may. */
  async function refusalOf(req: Request, res: Response): Promise<TabulaError | undefined> {
    let caller = `ip ${clientAddress(req)}`;
    if (findKey) {
      const key = (await lockoutOf(req)) ?? (await authenticate(req, res, findKey));
      if (key instanceof TabulaError) return key;
      // Every line logged for the request, the access line included, names the key by its label.
      req.log.setBindings({ api_key: key.label });
      res.locals.apiKey = key.label;
      const needs = requiredRole(req.method, req.path);
      if (!roleAllows(key.role, needs)) {
        return roleForbidden(req.method, req.path, needs, key.role);
      }
      caller = key.label;
    }
    if (rateLimit) {
      const decision = await rateLimit(caller);
      if (!decision.allowed) {
        return rateLimited(decision.retryAfterS);
      }
    }
    return undefined;
  }

  /** On a public route a key is optional: a valid one tells the route its role; a wrong one still counts as a failure. */
  async function noteRole(req: Request, res: Response): Promise<void> {
    if (!findKey || presentedKey(req) === undefined || (await lockoutOf(req))) return;
    const key = await authenticate(req, res, findKey);
    res.removeHeader('WWW-Authenticate');
    if (key instanceof TabulaError) return;
    res.locals.apiKey = key.label;
    res.locals.apiKeyRole = key.role;
  }

  // Async: a shared budget (cluster mode) answers after a query. Express 5 passes a rejection on to the error
  // handler, though the budgets answer from memory rather than fail when their database does.
  const guard: RequestHandler = async (req, res, next) => {
    if (isPublicPath(req.path)) {
      await noteRole(req, res);
      return next();
    }
    const refusal = await refusalOf(req, res);
    if (!refusal) return next();
    await dropUnreadBody(req, res, { maxBytes: REFUSED_BODY_MAX_BYTES });
    next(refusal);
  };
  const router = Router();
  router.use(corsPolicy(corsOrigins), guard);
  return router;
}

/** The client's address as express sees it (X-Forwarded-For only from the proxies TRUST_PROXY names). */
const clientAddress = (req: Request): string => req.ip ?? 'unknown';
