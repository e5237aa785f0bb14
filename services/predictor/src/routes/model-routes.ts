import { ModelPathParamsSchema, VersionPathParamsSchema } from '@tabula/contracts';
import { parseInput } from '@tabula/service-kit';
import { Router } from 'express';
import { describeModel, describeVersion, listModels, listVersions, type CatalogDeps } from '../domain/describe-models.js';
import { exportVersion } from '../domain/export-version.js';
import { readModelSchema } from '../domain/read-model-schema.js';

/**
 * The read side of the registry: what is stored, with metrics and aliases, straight from the
 * volume, and a version as a download. Changes (aliases, deletes, imports) go to the trainer.
 */
export function modelRoutes({ store }: CatalogDeps): Router {
  const router = Router();
  router.get('/models', async (_req, res) => {
    res.json(await listModels(store));
  });
  router.get('/models/:name', async (req, res) => {
    const { name } = parseInput(ModelPathParamsSchema, req.params, 'path');
    res.json(await describeModel(store, name));
  });
  router.get('/models/:name/versions', async (req, res) => {
    const { name } = parseInput(ModelPathParamsSchema, req.params, 'path');
    res.json(await listVersions(store, name));
  });
  router.get('/models/:name/versions/:version', async (req, res) => {
    const { name, version } = parseInput(VersionPathParamsSchema, req.params, 'path');
    res.json(await describeVersion(store, name, version));
  });
  router.get('/models/:name/versions/:version/schema', async (req, res) => {
    const { name, version } = parseInput(VersionPathParamsSchema, req.params, 'path');
    res.json(await readModelSchema(store, name, version));
  });
  router.get('/models/:name/versions/:version/export', async (req, res) => {
    const { name, version } = parseInput(VersionPathParamsSchema, req.params, 'path');
    const file = await exportVersion(store, name, version);
    res.status(200).set({
      'content-type': 'application/octet-stream',
      'content-length': String(file.bytes),
      'content-disposition': `attachment; filename="${file.filename}"`,
      'x-model-name': file.name,
      'x-model-version': String(file.version),
    });
    for (const part of file.parts) res.write(part);
    res.end();
  });
  return router;
}
