import { describe, expect, it } from '@jest/globals';
import { Router } from 'express';
import request from 'supertest';
import { createLogger } from './logger.js';
import { ServiceMetrics } from './metrics.js';
import { createServiceApp } from './service-app.js';

/** A service with one route that has a path parameter, as every service's /models/:name routes do. */
function appWithParamRoute() {
  const router = Router();
  router.get('/models/:name', (req, res) => void res.json({ name: req.params.name }));
  router.get('/boom', () => {
    throw new Error('a bug');
  });
  return createServiceApp({ logger: createLogger('test', 'silent'), metrics: new ServiceMetrics('test'), routers: [router] });
}

describe('errorHandler', () => {
  describe('a path parameter with a malformed percent-escape', () => {
    it.each(['/models/%zz', '/models/%E0%A4%A', '/models/abc%'])('should answer %s with 400 INVALID_INPUT, never 500', async (path) => {
      const res = await request(appWithParamRoute()).get(path);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_INPUT');
      expect(res.body.error.message).toMatch(/percent-escape/);
      expect(res.body.error.hint).toMatch(/%25/);
      expect(res.text).not.toMatch(/URIError|at .*\.js/);
    });

    it('should still decode a well-formed escape', async () => {
      const res = await request(appWithParamRoute()).get('/models/ir%69s');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ name: 'iris' });
    });
  });

  it('should keep answering an unexpected error 500 INTERNAL without its message', async () => {
    const res = await request(appWithParamRoute()).get('/boom');
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('INTERNAL');
    expect(res.text).not.toContain('a bug');
  });
});
