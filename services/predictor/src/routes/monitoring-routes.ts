import { DriftFormSchema, MonitoringKindSchema, MonitoringQuerySchema, PerformanceFormSchema } from '@tabula/contracts';
import { csvUpload, noteModel, parseInput, uploadedFilePath } from '@tabula/service-kit';
import { Router } from 'express';
import { listReports, monitorModel, type MonitoringDeps } from '../domain/monitor-model.js';

export interface MonitoringRoutesDeps {
  /** The stored reports, and the port that runs the checks on a scoring worker: each parses and scores a whole file. */
  monitoring: MonitoringDeps;
  uploadDir: string;
  maxUploadBytes: number;
}

/** Model monitoring: performance on labelled data, drift against the training reference, and the stored reports. */
export function monitoringRoutes({ monitoring, uploadDir, maxUploadBytes }: MonitoringRoutesDeps): Router {
  const router = Router();
  const upload = csvUpload({ field: 'input_file', dir: uploadDir, maxBytes: maxUploadBytes });
  router.post('/monitoring/performance', upload, async (req, res) => {
    const form = parseInput(PerformanceFormSchema, req.body, 'performance form');
    const report = await monitorModel({ check: 'performance', form }, uploadedFilePath(req), monitoring);
    noteModel(res, { name: report.model_name, version: report.model_version });
    res.json(report);
  });
  router.post('/monitoring/drift', upload, async (req, res) => {
    const form = parseInput(DriftFormSchema, req.body, 'drift form');
    const report = await monitorModel({ check: 'drift', form }, uploadedFilePath(req), monitoring);
    noteModel(res, { name: report.model_name, version: report.model_version });
    res.json(report);
  });
  router.get('/monitoring/:kind', async (req, res) => {
    const kind = parseInput(MonitoringKindSchema, req.params.kind, 'path');
    const query = parseInput(MonitoringQuerySchema, req.query, 'query parameters');
    res.json(await listReports(kind, query, monitoring));
  });
  return router;
}
