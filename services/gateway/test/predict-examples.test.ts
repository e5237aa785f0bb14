import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ServiceMetrics, createLogger } from '@tabula/service-kit';
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '#dist/app.js';
import { startStandIn, type StandInService } from './stand-in-service.js';
import { testUpstream } from './test-upstream.js';

// Swagger UI's JSON predict examples come from the input example of the version that serves by default, which the
// gateway asks the predictor for; with no such model the document keeps its static example.

const EXAMPLE = [
  { age: 31, city: 'Paris' },
  { age: 45, city: 'Berlin' },
];

const gatewayOver = (predictorUrl: string): Express =>
  createApp({
    logger: createLogger('test', 'silent'),
    metrics: new ServiceMetrics('gateway'),
    access: { corsOrigins: [] },
    trustProxy: false,
    trainer: testUpstream('trainer'),
    predictor: testUpstream('predictor', predictorUrl),
    timeouts: { trainMs: 1_000, predictMs: 1_000, readMs: 1_000 },
  });

const jsonBodyOf = (doc: { paths: Record<string, { post?: { requestBody?: { content?: Record<string, { example?: unknown }> } } }> }, path: string) =>
  doc.paths[path].post?.requestBody?.content?.['application/json'];

describe('the gateway OpenAPI document: JSON predict examples', () => {
  let predictor: StandInService;
  let emptyPredictor: StandInService;

  beforeAll(async () => {
    predictor = await startStandIn((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/models/default') res.end(JSON.stringify({ model_name: 'default', latest_version: 3, default_version: 2, aliases: {}, versions: [] }));
      else if (req.url === '/models/default/versions/2/schema') {
        res.end(
          JSON.stringify({
            model_name: 'default', model_version: 2, derived: false, target_column: 'y', class_labels: null, columns_dropped: [],
            input_schema: { columns: [{ name: 'age', type: 'numeric', required: true }, { name: 'city', type: 'categorical', required: true }] },
            input_example: EXAMPLE,
          }),
        );
      } else res.writeHead(404).end('{}');
    });
    emptyPredictor = await startStandIn((_req, res) => res.writeHead(404, { 'content-type': 'application/json' }).end('{"error": {"code": "MODEL_NOT_FOUND"}}'));
  });
  afterAll(async () => {
    await predictor.close();
    await emptyPredictor.close();
  });

  it('should show the default version\'s input example as the body of /predict (one record) and /predict_batch (all)', async () => {
    const doc = (await request(gatewayOver(predictor.url)).get('/openapi.json').expect(200)).body;

    expect(jsonBodyOf(doc, '/predict')?.example).toEqual(EXAMPLE[0]);
    expect(jsonBodyOf(doc, '/predict_batch')?.example).toEqual(EXAMPLE);
    expect(predictor.received.map((r) => r.url)).toEqual(['/models/default', '/models/default/versions/2/schema']);
  });

  it('should put the same document in the script that /docs loads', async () => {
    const app = gatewayOver(predictor.url);
    const script = await request(app).get('/docs/swagger-ui-init.js').expect(200);

    expect(script.text).toContain('"city": "Berlin"');
  });

  it('should keep the static example when no model "default" serves', async () => {
    const doc = (await request(gatewayOver(emptyPredictor.url)).get('/openapi.json').expect(200)).body;

    expect(jsonBodyOf(doc, '/predict')?.example).toBeUndefined();
    expect(JSON.stringify(doc.components.schemas.JsonRecord.example)).toContain('sepal.length');
  });
});
