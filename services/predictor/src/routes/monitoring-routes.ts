import { DriftFormSchema, MonitoringKindSchema, MonitoringQuerySchema, PerformanceFormSchema } from '@tabula/contracts';
import type { ModelStore } from '@tabula/model-store';
import { csvUpload, noteModel, parseInput, uploadedFilePath } from '@tabula/service-kit';
import { Router } from 'express';
import { listReports, type MonitoringCsvLimits } from '../domain/monitor-model.js';
import type { Scorer } from '../scoring/scorer.js';

export interface MonitoringRoutesDeps {
  store: ModelStore;
  /** Runs the checks on a scoring worker: each parses and scores a whole file. */
  scorer: Scorer;
  csvLimits: MonitoringCsvLimits;
  uploadDir: string;
  maxUploadBytes: number;
}

/** Model monitoring: performance on labelled data, drift against the training reference, and the stored reports. */
export function monitoringRoutes({ store, scorer, csvLimits, uploadDir, maxUploadBytes }: MonitoringRoutesDeps): Router {
  const router = Router();
  const upload = csvUpload({ field: 'input_file', dir: uploadDir, maxBytes: maxUploadBytes });
  router.post('/monitoring/performance', upload, async (req, res) => {
    const form = parseInput(PerformanceFormSchema, req.body, 'performance form');
    const report = await scorer.monitor({ kind: 'monitor', check: 'performance', form, csvPath: uploadedFilePath(req), csvLimits });
    noteModel(res, { name: report.model_name, version: report.model_version });
    res.json(report);
  });
  router.post('/monitoring/drift', upload, async (req, res) => {
    const form = parseInput(DriftFormSchema, req.body, 'drift form');
    const report = await scorer.monitor({ kind: 'monitor', check: 'drift', form, csvPath: uploadedFilePath(req), csvLimits });
    noteModel(res, { name: report.model_name, version: report.model_version });
    res.json(report);
  });
  router.get('/monitoring/:kind', async (req, res) => {
    const kind = parseInput(MonitoringKindSchema, req.params.kind, 'path');
    const query = parseInput(MonitoringQuerySchema, req.query, 'query parameters');
    res.json(await listReports(kind, query, store));
  });
  return router;
}
