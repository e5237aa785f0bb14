import { Agent, request } from 'node:http';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { dropColumns, readCsv, toCsv } from '../support/csv.js';
import { expectStatus } from '../support/expectations.js';
import { postParts, request as send } from '../support/http.js';
import { MULTIPART_HEADERS, multipartHead, multipartTail, repeat, sendRawUpload, type RawAnswer } from '../support/raw-upload.js';
import { scrape, sumOf } from '../support/prometheus.js';
import { usePlatform } from '../support/use-platform.js';
import { IRIS_PREDICT, csvBytes, predictOk, trainOk } from '../support/tabula.js';

// Slow and stalled request bodies at the gateway: a body that stops, or trickles, is answered 408
// and lets go of its upstream connection; one client cannot hold every upstream connection.
const features = dropColumns(readCsv(IRIS_PREDICT), ['variety']);
const header = `${features.header.join(',')}\n`;
const rowsText = toCsv(features).slice(header.length);
const DIRECT = '/predict?format=csv&model_name=iris';

describe('slow request bodies at the gateway', () => {
  // One socket to each service: an upload that kept its socket would stop every later prediction.
  const platform = usePlatform({ env: { BODY_IDLE_TIMEOUT_MS: '1000', BODY_MIN_BYTES_PER_S: '200', UPSTREAM_MAX_SOCKETS: '1' } });

  beforeAll(async () => {
    await trainOk(platform, { model_name: 'iris' });
  }, 120_000);

  const expectTimedOut = (res: RawAnswer) => {
    expect({ status: res.status, code: res.body?.error?.code, error: res.error }).toEqual({ status: 408, code: 'REQUEST_TIMEOUT', error: undefined });
    expect(res.body.error.message).toContain('1000 ms');
    expect(res.answeredWhileSending).toBe(true);
  };

  it('should answer 408 to a /predict body that stops, and free its upstream connection', async () => {
    const res = await sendRawUpload({
      url: `${platform.gatewayUrl}${DIRECT}`,
      headers: MULTIPART_HEADERS,
      chunks: [multipartHead([]), header, rowsText],
      end: false,
      giveUpMs: 30_000,
    });

    expectTimedOut(res);
    expect(res.headers.connection).toBe('close');
    const after = await predictOk(platform, { model_name: 'iris' });
    expect(after.body.predictions).toHaveLength(features.rows.length);
  });

  it('should answer 408 to a body that keeps trickling slower than BODY_MIN_BYTES_PER_S', async () => {
    // 10 bytes a second, for at most 30 s: never idle for a second, far below 200 bytes a second.
    const res = await sendRawUpload({
      url: `${platform.gatewayUrl}${DIRECT}`,
      headers: MULTIPART_HEADERS,
      chunks: [multipartHead([]), header, ...repeat('1', 300)],
      pauseMs: 100,
      giveUpMs: 40_000,
    });

    expectTimedOut(res);
    expect(res.bytesSent).toBeLessThan(multipartHead([]).length + header.length + 300);
    const after = await predictOk(platform, { model_name: 'iris' });
    expect(after.body.predictions).toHaveLength(features.rows.length);
  });

  it('should answer 408 to a /train body that stops', async () => {
    const res = await sendRawUpload({
      url: `${platform.gatewayUrl}/train`,
      headers: MULTIPART_HEADERS,
      chunks: [multipartHead([['target_column', 'variety']], 'dataset_file'), 'sepal.length,variety\n5.1,Setosa\n'],
      end: false,
      giveUpMs: 30_000,
    });

    expectTimedOut(res);
  });

  it('should not count the time a body waits because the client is slow to read the streamed answer', async () => {
    // About 9 MB: the predictor stops reading the upload while the answer is not read, and so does the gateway.
    const rows = 600_000;
    const copies = Math.ceil(rows / features.rows.length);
    const answer = await new Promise<{ status: number; lines: number; complete: boolean }>((resolve, reject) => {
      const url = new URL(`${platform.gatewayUrl}${DIRECT}`);
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST', headers: MULTIPART_HEADERS, agent });
      req.on('error', reject);
      req.on('response', (res) => {
        // Three times BODY_IDLE_TIMEOUT_MS without reading a byte of the answer, then all of it.
        setTimeout(() => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            agent.destroy();
            resolve({ status: res.statusCode ?? 0, lines: text.trimEnd().split('\n').length, complete: res.complete });
          });
          res.on('error', reject);
        }, 3_000);
      });
      void (async () => {
        const pieces = [multipartHead([]), header, ...repeat(rowsText, copies), multipartTail()];
        for (const piece of pieces) {
          if (!req.write(piece)) await new Promise((resume) => req.once('drain', resume));
        }
        req.end();
      })();
    });

    expect(answer).toEqual({ status: 200, lines: copies * features.rows.length + 1, complete: true });
  }, 120_000);
});

describe("one client's share of the upstream connections", () => {
  // Three sockets to the predictor, two requests in flight per client; the client address comes from X-Forwarded-For.
  const platform = usePlatform({ env: { UPSTREAM_MAX_SOCKETS: '3', UPSTREAM_MAX_PER_CLIENT: '2', TRUST_PROXY: 'loopback' } });
  const hog = { 'x-forwarded-for': '203.0.113.7' };
  const other = { 'x-forwarded-for': '203.0.113.8' };

  beforeAll(async () => {
    await trainOk(platform, { model_name: 'iris' });
  }, 120_000);

  /** Scrapes the gateway until `count` requests are being relayed (at most 100 tries): it sees new connections in its own time. */
  async function waitForInFlight(count: number): Promise<number> {
    let last = -1;
    for (let i = 0; i < 100 && last !== count; i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      last = sumOf(await scrape(platform.gatewayUrl), 'tabula_gateway_requests_in_flight');
    }
    return last;
  }

  it('should answer 429 with Retry-After past UPSTREAM_MAX_PER_CLIENT, and keep serving other clients', async () => {
    const abort = new AbortController();
    const stalled = [1, 2].map(() =>
      sendRawUpload({
        url: `${platform.gatewayUrl}${DIRECT}`,
        headers: { ...MULTIPART_HEADERS, ...hog },
        chunks: [multipartHead([]), header, rowsText],
        end: false,
        signal: abort.signal,
      }),
    );
    try {
      expect(await waitForInFlight(2)).toBe(2);

      const refused = await postParts(`${platform.gatewayUrl}/predict?model_name=iris`, [{ name: 'input_file', file: csvBytes(toCsv(features)) }], 30_000, {
        accept: 'application/json',
        ...hog,
      });
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe('TOO_MANY_REQUESTS');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

      const served = await postParts(`${platform.gatewayUrl}/predict?model_name=iris`, [{ name: 'input_file', file: csvBytes(toCsv(features)) }], 30_000, {
        accept: 'application/json',
        ...other,
      });
      expectStatus(served, 200);
    } finally {
      abort.abort();
      await Promise.all(stalled);
    }
    // Once its uploads are gone, the client may send again.
    expect(await waitForInFlight(0)).toBe(0);
    expectStatus(await send(`${platform.gatewayUrl}/models`, { method: 'GET', headers: hog }), 200);
    const refusals = await scrape(platform.gatewayUrl);
    expect(sumOf(refusals, 'tabula_gateway_client_limit_refusals_total', { limit: 'client_share' })).toBe(1);
  });
});
