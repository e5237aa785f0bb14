import type { OpenAPIRegistry } from '@tabula/service-kit';

/**
 * Documents the gateway's two ways to send an API key, so /openapi.json states them and Swagger
 * UI's "Authorize" sends one. Listed as alternatives: either is enough.
 */
export function registerApiKeySchemes(registry: OpenAPIRegistry): Array<Record<string, string[]>> {
  const description =
    'Needed on every call but /health, /ready and /docs when the gateway has TABULA_API_KEYS. A read key may score ' +
    '(/predict, /predict_batch, POST /monitoring/*) and read (GET); training, deletes, aliases and imports need an admin key. ' +
    '401 without a valid key, 403 with a read key on an admin route, 429 with Retry-After past RATE_LIMIT_PER_MINUTE.';
  registry.registerComponent('securitySchemes', 'bearerKey', { type: 'http', scheme: 'bearer', description });
  registry.registerComponent('securitySchemes', 'apiKeyHeader', { type: 'apiKey', in: 'header', name: 'x-api-key', description });
  return [{ bearerKey: [] }, { apiKeyHeader: [] }];
}
