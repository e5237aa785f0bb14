import { OpenApiGeneratorV3, OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { API_TAGS, oneTag } from '@tabula/contracts';
import { Router, type NextFunction, type Request, type Response } from 'express';
import swaggerUi from 'swagger-ui-express';

export { OpenAPIRegistry };

export type OpenApiDocument = ReturnType<OpenApiGeneratorV3['generateDocument']>;

export interface ApiDocsOptions {
  /** Security schemes (registered as components) any one of which the API accepts; Swagger UI then offers "Authorize". */
  security?: Array<Record<string, string[]>>;
  /** Adds what the shared path definitions cannot know, such as the gateway's own errors; edits in place. */
  amend?: (document: OpenApiDocument) => void;
  /**
   * Asked at each request for the document (/openapi.json, and the script of /docs that carries it): the document
   * as it should be shown now, such as with the examples of the model that serves by default. Must not change the
   * document it is given; a rejection shows the document as generated.
   */
  present?: (document: OpenApiDocument) => Promise<OpenApiDocument>;
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
  const { security, amend, present } = options;
  registerDocsPath(registry);
  const used = new Set(registry.definitions.flatMap((definition) => (definition.type === 'route' ? (definition.route.tags ?? []) : [])));
  const tags = API_TAGS.filter((tag) => used.has(tag.name)).map((tag) => ({ ...tag }));
  const document = new OpenApiGeneratorV3(registry.definitions).generateDocument({ openapi: '3.0.3', info, tags, ...(security ? { security } : {}) });
  amend?.(document);
  const router = Router();
  const current = (): Promise<OpenApiDocument> => (present ? present(document).catch(() => document) : Promise.resolve(document));
  router.get('/openapi.json', async (_req, res) => {
    res.json(await current());
  });
  // serveFiles (not serve) writes swagger-ui-init.js, which embeds the document, from req.swaggerDoc on each request.
  const swaggerOptions = { customSiteTitle: info.title };
  router.use(
    '/docs',
    async (req: Request & { swaggerDoc?: OpenApiDocument }, _res: Response, next: NextFunction) => {
      if (req.path.endsWith('/swagger-ui-init.js')) req.swaggerDoc = await current();
      next();
    },
    swaggerUi.serveFiles(document, swaggerOptions),
    swaggerUi.setup(document, swaggerOptions),
  );
  return router;
}
