import { describe, expect, it } from '@jest/globals';
import { Router } from 'express';
import request from 'supertest';
import { createLogger } from './logger.js';
import { BoundedModelLabels, OTHER_MODEL, ServiceMetrics } from './metrics.js';
import { createServiceApp } from './service-app.js';

function appWithRoutes(metrics: ServiceMetrics) {
  const router = Router();
  router.get('/models/:name/versions/:version', (req, res) => {
    res.json({ name: req.params.name });
  });
  return createServiceApp({ logger: createLogger('test', 'silent'), metrics, routers: [router] });
}

describe('ServiceMetrics', () => {
  it('labels requests by route template and status, never by raw path', async () => {
    const metrics = new ServiceMetrics('test');
    const app = appWithRoutes(metrics);
    await request(app).get('/models/iris/versions/1').expect(200);
    await request(app).get('/models/wine/versions/7').expect(200);
    await request(app).get('/no/such/path/abc123').expect(404);

    const text = (await request(app).get('/metrics').expect(200)).text;
    const counted = (await metrics.registry.getSingleMetric('tabula_http_requests_total')?.get())?.values;
    expect(counted).toEqual(
      expect.arrayContaining([
        { value: 2, labels: { method: 'GET', route: '/models/:name/versions/:version', status: '200' } },
        { value: 1, labels: { method: 'GET', route: 'unmatched', status: '404' } },
      ]),
    );
    const timed = (await metrics.registry.getSingleMetric('tabula_http_request_duration_seconds')?.get())?.values ?? [];
    const counts = timed.filter((sample) => 'metricName' in sample && sample.metricName === 'tabula_http_request_duration_seconds_count');
    expect(counts).toContainEqual(
      expect.objectContaining({ value: 2, labels: { method: 'GET', route: '/models/:name/versions/:version', status: '200' } }),
    );
    expect(text).not.toContain('iris');
    expect(text).not.toContain('abc123');
  });

  it('counts a request as in flight from its arrival until it is answered', async () => {
    const metrics = new ServiceMetrics('test');
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let arrived: () => void = () => {};
    const hasArrived = new Promise<void>((resolve) => (arrived = resolve));
    const router = Router();
    router.get('/slow', async (_req, res) => {
      arrived();
      await held;
      res.json({ ok: true });
    });
    const app = createServiceApp({ logger: createLogger('test', 'silent'), metrics, routers: [router] });
    const inFlight = async () => (await metrics.registry.getSingleMetric('tabula_http_requests_in_flight')?.get())?.values[0]?.value;

    const pending = request(app).get('/slow').then((res) => res.status);
    await hasArrived;
    expect(await inFlight()).toBe(1);
    release();
    expect(await pending).toBe(200);
    expect(await inFlight()).toBe(0);
  });

  it('serves the process defaults, event-loop lag included, in the Prometheus text format', async () => {
    const response = await request(appWithRoutes(new ServiceMetrics('test'))).get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.text).toMatch(/^nodejs_eventloop_lag_seconds\{service="test"\} \d/m);
    expect(response.text).toMatch(/^process_resident_memory_bytes\{service="test"\} \d/m);
  });
});

describe('BoundedModelLabels', () => {
  it('keeps the first pairs and folds every later one into _other', () => {
    const labels = new BoundedModelLabels(2);
    expect(labels.of('iris', 1)).toEqual({ model_name: 'iris', model_version: '1' });
    expect(labels.of('iris', 2)).toEqual({ model_name: 'iris', model_version: '2' });
    expect(labels.of('wine', 1)).toEqual({ model_name: OTHER_MODEL, model_version: OTHER_MODEL });
    expect(labels.of('iris', 1)).toEqual({ model_name: 'iris', model_version: '1' });
  });
});
