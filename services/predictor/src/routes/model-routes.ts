import { ModelNameSchema, VersionRefSchema, z } from '@tabula/contracts';
import type { ModelStore } from '@tabula/model-store';
import { parseInput } from '@tabula/service-kit';
import { Router } from 'express';
import { describeVersion, listModels, listVersions } from '../domain/describe-models.js';

const NameParamsSchema = z.object({ name: ModelNameSchema });
const VersionParamsSchema = NameParamsSchema.extend({ version: VersionRefSchema });

/** The read side of the registry: what is stored, with metrics, straight from the volume. */
export function modelRoutes(store: ModelStore): Router {
  const router = Router();
  router.get('/models', async (_req, res) => {
    res.json(await listModels(store));
  });
  router.get('/models/:name/versions', async (req, res) => {
    const { name } = parseInput(NameParamsSchema, req.params, 'path');
    res.json(await listVersions(store, name));
  });
  router.get('/models/:name/versions/:version', async (req, res) => {
    const { name, version } = parseInput(VersionParamsSchema, req.params, 'path');
    res.json(await describeVersion(store, name, version));
  });
  return router;
}
