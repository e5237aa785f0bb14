import { AliasNameSchema, ModelNameSchema, VersionNumberSchema, VersionRefSchema } from './names.js';
import { z } from './z.js';

// Swagger UI pre-fills a path parameter with its example, so each example is what a fresh install
// has after one training with the defaults: model "default", version 1 ("latest"). These schemas
// document the routes; the services parse the same parameters with registry.ts's schemas.
const name = ModelNameSchema.openapi({
  example: 'default',
  description: 'The model name (POST /train stores under "default" when no model_name is given)',
});

/** The path parameters of the registry routes, as documented. */
export const REGISTRY_PATH_PARAMS = {
  model: z.object({ name }),
  version: z.object({
    name,
    version: VersionRefSchema.openapi({
      example: 'latest',
      description: 'A version number, "latest" (the newest version that is not rejected), or an alias such as production',
    }),
  }),
  /** DELETE names a version by number only. */
  versionNumber: z.object({
    name,
    version: VersionNumberSchema.openapi({ description: 'The version number, e.g. 1 (not an alias or "latest": they could move while the call runs)' }),
  }),
  alias: z.object({
    name,
    // No example: the shared one ("production") names an alias a fresh install does not have.
    alias: AliasNameSchema.openapi({ example: undefined, description: 'An alias name, e.g. production or staging ("latest" is reserved)' }),
  }),
};
