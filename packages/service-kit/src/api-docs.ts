import { OpenApiGeneratorV3, OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { API_TAGS, oneTag } from '@tabula/contracts';
import { Router } from 'express';
import swaggerUi from 'swagger-ui-express';

export { OpenAPIRegistry };

export type OpenApiDocument = ReturnType<OpenApiGeneratorV3['generateDocument']>;

export interface ApiDocsOptions {
  /** Security schemes (registered as components) any one of which the API accepts; Swagger UI then offers "Authorize". */
  security?: Array<Record<string, string[]>>;
  /** Adds what the shared path definitions cannot know, such as the gateway's own errors; edits in place. */
  amend?: (document: OpenApiDocument) => void;
}

/** The document's own route, filed with the probes and metrics. */
function registerDocsPath(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get',
    path: '/openapi.json',
    tags: oneTag('operations'),
    summary: 'This OpenAPI document; Swagger UI shows it at /docs',
    responses: { 200: { description: 'An OpenAPI 3.0 document', content: { 'application/json': { schema: { type: 'object' } } } } },
  });
}

/**
 * Serves the OpenAPI document generated from the registered zod schemas at /openapi.json and a
 * Swagger UI for it at /docs. The schemas are the same ones the routes validate with. The document
 * lists the tags its operations use, in API_TAGS order, so that Swagger UI shows the groups in it.
 */
export function apiDocs(registry: OpenAPIRegistry, info: { title: string; description: string; version: string }, options: ApiDocsOptions = {}): Router {
  const { security, amend } = options;
  registerDocsPath(registry);
  const used = new Set(registry.definitions.flatMap((definition) => (definition.type === 'route' ? (definition.route.tags ?? []) : [])));
  const tags = API_TAGS.filter((tag) => used.has(tag.name)).map((tag) => ({ ...tag }));
  const document = new OpenApiGeneratorV3(registry.definitions).generateDocument({ openapi: '3.0.3', info, tags, ...(security ? { security } : {}) });
  amend?.(document);
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.use('/docs', swaggerUi.serve, swaggerUi.setup(document, { customSiteTitle: info.title }));
  return router;
}
