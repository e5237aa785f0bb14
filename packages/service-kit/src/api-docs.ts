import { OpenApiGeneratorV3, OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
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

/**
 * Serves the OpenAPI document generated from the registered zod schemas at /openapi.json and a
 * Swagger UI for it at /docs. The schemas are the same ones the routes validate with.
 */
export function apiDocs(registry: OpenAPIRegistry, info: { title: string; description: string; version: string }, options: ApiDocsOptions = {}): Router {
  const { security, amend } = options;
  const document = new OpenApiGeneratorV3(registry.definitions).generateDocument({ openapi: '3.0.3', info, ...(security ? { security } : {}) });
  amend?.(document);
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.use('/docs', swaggerUi.serve, swaggerUi.setup(document, { customSiteTitle: info.title }));
  return router;
}
