import {
  AliasPathParamsSchema,
  ModelPathParamsSchema,
  SetAliasBodySchema,
  VersionNumberPathParamsSchema,
  type ModelLimits,
  type VersionDeleted,
} from '@tabula/contracts';
import type { ModelStore } from '@tabula/model-store';
import { csvUpload, jsonBody, parseInput, uploadedFilePath } from '@tabula/service-kit';
import { Router } from 'express';
import { importVersion } from '../domain/import-version.js';

export interface RegistryRoutesDeps {
  store: ModelStore;
  uploadDir: string;
  maxUploadBytes: number;
  /** MAX_FEATURES, MAX_CATEGORIES, MAX_CLASSES, checked on every import. */
  modelLimits: ModelLimits;
}

const EXPORT_FILE = { what: 'the exported model file', example: 'iris-v1.tabula-model' };

// {"version": n} and nothing more is expected; this only bounds a wrong client.
const ALIAS_BODY_MAX_BYTES = 16 * 1024;

/**
 * The write side of the registry. The trainer is the one service that changes the volume, so
 * aliases, deletes and imports are made here, serialized per model; the predictor only reads.
 */
export function registryRoutes({ store, uploadDir, maxUploadBytes, modelLimits }: RegistryRoutesDeps): Router {
  const router = Router();
  router.put('/models/:name/aliases/:alias', ...jsonBody({ maxBytes: ALIAS_BODY_MAX_BYTES }), async (req, res) => {
    const { name, alias } = parseInput(AliasPathParamsSchema, req.params, 'path');
    const { version } = parseInput(SetAliasBodySchema, req.body, 'alias body');
    const change = await store.setAlias(name, alias, version);
    req.log.info({ model_name: name, alias, version, previous_version: change.previous_version }, 'alias set');
    res.json(change);
  });
  router.delete('/models/:name/aliases/:alias', async (req, res) => {
    const { name, alias } = parseInput(AliasPathParamsSchema, req.params, 'path');
    const change = await store.deleteAlias(name, alias);
    req.log.info({ model_name: name, alias, previous_version: change.previous_version }, 'alias deleted');
    res.json(change);
  });
  router.delete('/models/:name/versions/:version', async (req, res) => {
    const { name, version } = parseInput(VersionNumberPathParamsSchema, req.params, 'path');
    await store.deleteVersion(name, version);
    req.log.info({ model_name: name, version }, 'version deleted');
    const body: VersionDeleted = { model_name: name, version, deleted: true };
    res.json(body);
  });
  router.post('/models/:name/import', csvUpload({ field: 'file', dir: uploadDir, maxBytes: maxUploadBytes, describe: EXPORT_FILE }), async (req, res) => {
    const { name } = parseInput(ModelPathParamsSchema, req.params, 'path');
    const metadata = await importVersion({ name, filePath: uploadedFilePath(req) }, store, modelLimits);
    req.log.info({ model_name: name, version: metadata.version, imported_from: metadata.imported_from }, 'version imported');
    res.status(201).json(metadata);
  });
  return router;
}
