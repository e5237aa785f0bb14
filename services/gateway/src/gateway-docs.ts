import { apiKeyMissing, bodyTooSlow, circuitOpenError, rateLimited, roleForbidden, upstreamError, type TabulaError } from '@tabula/contracts';
import { errorBody, type OpenApiDocument } from '@tabula/service-kit';
import { isPublicPath, requiredRole } from './auth/route-roles.js';

type Operation = NonNullable<NonNullable<OpenApiDocument['paths'][string]>['get']>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head'] as const;
/** Answered by the gateway itself: no upstream errors there. */
const LOCAL_PATHS = new Set(['/health', '/ready', '/metrics', '/openapi.json']);

/** An error answer with an example body, so that Swagger UI shows the code that comes with the status. */
const errorResponse = (description: string, example: TabulaError) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' }, example: errorBody(example, undefined) } },
});

const AUTH_RESPONSES = {
  401: errorResponse(
    'No API key, or not a valid one (when the gateway has TABULA_API_KEYS)',
    apiKeyMissing(),
  ),
  403: errorResponse(
    'The API key is read-only; this call needs an admin key',
    roleForbidden('POST', '/train', 'admin', 'read'),
  ),
  429: errorResponse(
    'More calls than RATE_LIMIT_PER_MINUTE for this key (or address), more wrong keys than AUTH_FAILURES_PER_MINUTE from this address, or more requests in flight than UPSTREAM_MAX_PER_CLIENT; Retry-After says when to retry',
    rateLimited(12),
  ),
};

const UPSTREAM_RESPONSES = {
  502: errorResponse(
    'The service behind the gateway is unreachable (UPSTREAM_UNAVAILABLE)',
    upstreamError('predictor', { code: 'ECONNREFUSED' }, 30_000),
  ),
  503: errorResponse(
    'The circuit to that service is open after failed calls (UPSTREAM_CIRCUIT_OPEN); Retry-After says when to retry',
    circuitOpenError('predictor', 30_000),
  ),
  504: errorResponse('That service did not answer in time (UPSTREAM_TIMEOUT)', upstreamError('predictor', { code: 'ETIMEDOUT' }, 30_000)),
};

/** Only requests with a body: the gateway stops waiting for one that stalls or trickles. */
const BODY_RESPONSES = {
  408: errorResponse('The request body stalled or arrived too slowly (BODY_IDLE_TIMEOUT_MS, BODY_MIN_BYTES_PER_S)', bodyTooSlow(30_000, 500)),
};

/**
 * Adds to the shared path definitions what only the gateway knows: who may call each operation
 * (probes and docs are open, `security: []`; the rest lists 401, 429, and 403 where an admin key
 * is needed) and the errors of the hop to the services. A status a path already documents (the
 * trainer's queue-full 429, /ready's 503) keeps its own description.
 */
export function amendGatewayDocs(document: OpenApiDocument): void {
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method];
      if (operation) amendOperation(operation, method, path);
    }
  }
}

function amendOperation(operation: Operation, method: string, path: string): void {
  if (isPublicPath(path)) {
    operation.security = [];
    return;
  }
  const needsAdmin = requiredRole(method.toUpperCase(), path) === 'admin';
  const { 403: forbidden, ...others } = AUTH_RESPONSES;
  const hasBody = method === 'post' || method === 'put';
  const added = {
    ...others,
    ...(needsAdmin ? { 403: forbidden } : {}),
    ...(LOCAL_PATHS.has(path) ? {} : UPSTREAM_RESPONSES),
    ...(hasBody && !LOCAL_PATHS.has(path) ? BODY_RESPONSES : {}),
  };
  operation.responses = { ...added, ...operation.responses };
  const access = needsAdmin ? 'an admin API key' : 'a read or admin API key';
  operation.description = [operation.description, `Needs ${access} when the gateway has TABULA_API_KEYS.`].filter(Boolean).join('\n\n');
}
