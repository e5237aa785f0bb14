import { describe, expect, it } from '@jest/globals';
import { TabulaError } from '@tabula/contracts';
import express from 'express';
import { errorHandler } from './error-handler.js';
import { jsonBody } from './json-body.js';
import { createLogger } from './logger.js';

/** POSTs `body` as JSON to an app whose one route reads it through jsonBody(options). */
async function post(body: string, inspect?: (raw: Buffer) => void): Promise<{ status: number; json: unknown; parsed: number }> {
  let parsed = 0;
  const app = express();
  app.post('/x', ...jsonBody({ maxBytes: 1_000, inspect }), (req, res) => {
    parsed++;
    res.json(req.body);
  });
  app.use(errorHandler(createLogger('test', 'silent')));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const { port } = server.address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${port}/x`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: res.status, json: await res.json(), parsed };
  } finally {
    server.close();
  }
}

describe('jsonBody({ inspect })', () => {
  const refuseLong = (raw: Buffer) => {
    if (raw.length > 10) throw new TabulaError('PAYLOAD_TOO_LARGE', `The body has ${raw.length} bytes; this route takes 10.`);
  };

  it('should hand the raw bytes to inspect and parse the body it lets through', async () => {
    const seen: string[] = [];
    const res = await post('[1,2]', (raw) => void seen.push(raw.toString('utf8')));
    expect(res).toMatchObject({ status: 200, json: [1, 2] });
    expect(seen).toEqual(['[1,2]']);
  });

  it("should answer with inspect's own error, unparsed, when it refuses the body", async () => {
    const res = await post('[1,2,3,4,5,6,7]', refuseLong);
    expect(res).toMatchObject({ status: 413, parsed: 0, json: { error: { code: 'PAYLOAD_TOO_LARGE', message: 'The body has 15 bytes; this route takes 10.' } } });
  });

  it('should still report broken JSON as INVALID_INPUT once inspected', async () => {
    expect(await post('[1,', refuseLong)).toMatchObject({ status: 400, json: { error: { code: 'INVALID_INPUT' } } });
  });
});
