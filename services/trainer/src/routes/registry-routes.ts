import { AliasPathParamsSchema, ModelPathParamsSchema, SetAliasBodySchema, VersionNumberPathParamsSchema } from '@tabula/contracts';
import { csvUpload, jsonBody, parseInput, uploadedFilePath } from '@tabula/service-kit';
import { Router } from 'express';
import type { RegistryWriter } from '../domain/registry-writer.js';

export interface RegistryRoutesDeps {
  registry: RegistryWriter;
  uploadDir: string;
  maxUploadBytes: number;
}

const EXPORT_FILE = { what: 'the exported model file', example: 'iris-v1.tabula-model' };

// {"version": n} and nothing more is expected; this only bounds a wrong client.
const ALIAS_BODY_MAX_BYTES = 16 * 1024;

/**
 * The write side of the registry over HTTP: aliases, deletes and imports. The trainer is the one
 * service that changes the volume; the predictor only reads. Each handler parses, makes one
 * registry call and sends its answer.
 */
export function registryRoutes({ registry, uploadDir, maxUploadBytes }: RegistryRoutesDeps): Router {
  const router = Router();
  router.put('/models/:name/aliases/:alias', ...jsonBody({ maxBytes: ALIAS_BODY_MAX_BYTES }), async (req, res) => {
    const { name, alias } = parseInput(AliasPathParamsSchema, req.params, 'path');
    const { version } = parseInput(SetAliasBodySchema, req.body, 'alias body');
    const change = await registry.setAlias({ name, alias, version });
    req.log.info({ model_name: name, alias, version, previous_version: change.previous_version }, 'alias set');
    res.json(change);
  });
  router.delete('/models/:name/aliases/:alias', async (req, res) => {
    const target = parseInput(AliasPathParamsSchema, req.params, 'path');
    const change = await registry.deleteAlias(target);
    req.log.info({ model_name: target.name, alias: target.alias, previous_version: change.previous_version }, 'alias deleted');
    res.json(change);
  });
  router.delete('/models/:name/versions/:version', async (req, res) => {
    const deleted = await registry.deleteVersion(parseInput(VersionNumberPathParamsSchema, req.params, 'path'));
    req.log.info({ model_name: deleted.model_name, version: deleted.version }, 'version deleted');
    res.json(deleted);
  });
  router.post('/models/:name/import', csvUpload({ field: 'file', dir: uploadDir, maxBytes: maxUploadBytes, describe: EXPORT_FILE }), async (req, res) => {
    const { name } = parseInput(ModelPathParamsSchema, req.params, 'path');
    const metadata = await registry.importVersion({ name, filePath: uploadedFilePath(req) });
    req.log.info({ model_name: name, version: metadata.version, imported_from: metadata.imported_from }, 'version imported');
    res.status(201).json(metadata);
  });
  return router;
}
