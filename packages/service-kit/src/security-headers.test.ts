import { describe, expect, it } from '@jest/globals';
import express from 'express';
import { securityHeaders } from './security-headers.js';

async function headersOf(path: string): Promise<Headers> {
  const app = express();
  app.use(securityHeaders());
  app.get('/docs', (_req, res) => {
    res.send('<html></html>');
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const { port } = server.address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${port}${path}`);
    await res.arrayBuffer();
    return res.headers;
  } finally {
    server.close();
  }
}

describe('securityHeaders', () => {
  it('should harden every response, a 404 included', async () => {
    for (const path of ['/docs', '/missing']) {
      const headers = await headersOf(path);
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('x-frame-options')).toBe('DENY');
      expect(headers.get('referrer-policy')).toBe('no-referrer');
      expect(headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('should send a CSP that lets Swagger UI load its own assets over plain HTTP', async () => {
    const csp = (await headersOf('/docs')).get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
  });
});
