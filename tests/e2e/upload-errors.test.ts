import { beforeAll, describe, expect, it } from '@jest/globals';
import { dropColumns, readCsv, toCsv } from '../support/csv.js';
import { expectStatus } from '../support/expectations.js';
import { get } from '../support/http.js';
import { MULTIPART_HEADERS, multipartHead, multipartTail, sendRawUpload } from '../support/raw-upload.js';
import { usePlatform } from '../support/use-platform.js';
import { IRIS_PREDICT, predictOk, trainOk } from '../support/tabula.js';

// A client's bad body must never end a process, and an error found early must be answered at once.
const features = dropColumns(readCsv(IRIS_PREDICT), ['variety']);
const rowsText = toCsv(features).split('\n').slice(1).join('\n');

/** Direct: the model is named in the query, so the file is read straight from the socket. Spooled: it is not. */
const MODES: Array<[string, string, string]> = [
  ['direct', 'csv', '&model_name=iris'],
  ['direct', 'ndjson', '&model_name=iris'],
  ['spooled', 'csv', ''],
  ['spooled', 'ndjson', ''],
  ['spooled', 'json', ''],
];

/** Pieces of about 64 KB until `totalBytes` (lazily: a huge upload is never held whole). */
function* filled(first: string, piece: string, totalBytes: number): Generator<string> {
  yield first;
  const chunk = piece.repeat(Math.max(1, Math.floor(65_536 / piece.length)));
  for (let sent = first.length; sent < totalBytes; sent += chunk.length) yield chunk;
}

const MB = 1024 * 1024;
const numbers = features.rows.map((row) => row.join(',')).join('\n') + '\n';

/** Files whose problem is found in their first megabytes, with the codes that may name it. */
const EARLY_ERRORS: Array<{ name: string; first: string; piece: string; codes: string[] }> = [
  { name: 'a file without the columns the model needs', first: 'a,b,c,d\n', piece: numbers, codes: ['MISSING_COLUMN'] },
  { name: 'a first line of megabytes', first: 'x', piece: 'x', codes: ['INVALID_CSV', 'PAYLOAD_TOO_LARGE'] },
  {
    name: 'a header of 100,000 columns',
    first: `${Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',')}\n`,
    piece: `${'1,'.repeat(99_999)}1\n`,
    codes: ['PAYLOAD_TOO_LARGE', 'INVALID_CSV'],
  },
  // Refused by MAX_CELL_BYTES (1 MB) as the cell grows, long before the upload ends.
  { name: 'a cell that never ends', first: `${features.header.join(',')}\n5.1,"`, piece: 'x', codes: ['PAYLOAD_TOO_LARGE'] },
];

describe('upload errors on /predict, through the gateway', () => {
  // Few upstream sockets, so that uploads holding them would show at once; a small upload limit for spooled files.
  const platform = usePlatform({ env: { UPSTREAM_MAX_SOCKETS: '4', MAX_UPLOAD_MB: '2' } });

  beforeAll(async () => {
    await trainOk(platform, { model_name: 'iris' });
    await trainOk(platform);
  }, 120_000);

  async function expectStillServing(): Promise<void> {
    expectStatus(await get(`${platform.predictorUrl}/ready`), 200);
    const res = await predictOk(platform, { model_name: 'iris' });
    expect(res.body.predictions).toHaveLength(features.rows.length);
  }

  describe('a truncated multipart body', () => {
    it.each(MODES)('should be answered 400 and leave the predictor serving (%s, format=%s)', async (_mode, format, model) => {
      // The body: a file part that starts and is never closed, then the request ends.
      const res = await sendRawUpload({
        url: `${platform.gatewayUrl}/predict?format=${format}${model}`,
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
        chunks: ['--x\r\nContent-Disposition: form-data; name="input_file"; filename="a.csv"\r\n\r\nabc'],
      });

      expect({ status: res.status, text: res.text.slice(0, 300) }).toMatchObject({ status: 400 });
      expect(res.body.error.message).toMatch(/multipart form could not be read/);
      await expectStillServing();
    });

    it.each(MODES)('should end an answer already under way without harm (%s, format=%s)', async (_mode, format, model) => {
      // Many blocks of good rows, then the body stops in the middle of the file part.
      const res = await sendRawUpload({
        url: `${platform.gatewayUrl}/predict?format=${format}${model}`,
        headers: MULTIPART_HEADERS,
        chunks: [multipartHead([]), `${features.header.join(',')}\n`, ...Array.from({ length: 2_000 }, () => rowsText)],
      });

      // Spooled and JSON answers start after the whole upload: a 400. A direct one may already be under way.
      if (res.status === 200) {
        if (format === 'ndjson') expect(JSON.parse(res.text.trimEnd().split('\n').at(-1) ?? '{}').error.message).toMatch(/multipart form/);
        else expect(res.complete).toBe(false);
      } else {
        expect({ status: res.status, text: res.text.slice(0, 300) }).toMatchObject({ status: 400 });
      }
      await expectStillServing();
    });

    it('should still answer a complete form sent after them', async () => {
      const res = await sendRawUpload({
        url: `${platform.gatewayUrl}/predict?format=csv&model_name=iris`,
        headers: MULTIPART_HEADERS,
        chunks: [multipartHead([]), toCsv(features), multipartTail()],
      });
      expect(res.status).toBe(200);
      expect(res.text.trimEnd().split('\n')).toHaveLength(features.rows.length + 1);
    });
  });

  describe('an error found early in a large upload', () => {
    const DIRECT = '/predict?format=csv&model_name=iris';

    it.each(EARLY_ERRORS)('should answer $name at once, while the client is still sending', async ({ first, piece, codes }) => {
      const res = await sendRawUpload({
        url: `${platform.gatewayUrl}${DIRECT}`,
        headers: MULTIPART_HEADERS,
        chunks: [multipartHead([]), ...filled(first, piece, 256 * MB)],
        giveUpMs: 30_000,
      });

      expect({ status: res.status, code: res.body?.error?.code, error: res.error }).toEqual({ status: expect.any(Number), code: expect.stringMatching(new RegExp(`^(${codes.join('|')})$`)), error: undefined });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.answeredWhileSending).toBe(true);
      expect(res.complete).toBe(true);
      expect(res.bytesSent).toBeLessThan(256 * MB);
    });

    it('should answer a spooled upload past MAX_UPLOAD_MB with 413 at once, saying how to stream it unbounded', async () => {
      const res = await sendRawUpload({
        url: `${platform.gatewayUrl}/predict?format=ndjson`,
        headers: MULTIPART_HEADERS,
        chunks: [multipartHead([]), ...filled(`${features.header.join(',')}\n`, numbers, 256 * MB)],
        giveUpMs: 30_000,
      });

      expect(res.status).toBe(413);
      expect(res.body.error.hint).toContain('model_name in the query string');
      expect(res.answeredWhileSending).toBe(true);
    });

    it('should read and drop a small rest of the body after the answer, so the client can send it all', async () => {
      const res = await sendRawUpload({
        url: `${platform.gatewayUrl}/predict`,
        headers: MULTIPART_HEADERS,
        chunks: [multipartHead([]), ...filled(`${features.header.join(',')}\n`, numbers, 3 * MB), multipartTail()],
        keepSendingAfterAnswer: true,
        giveUpMs: 30_000,
      });

      expect(res.status).toBe(413);
      expect(res.afterAnswer).toBe('sent');
    });

    it('should close the connection rather than read a large rest of the body', async () => {
      const res = await sendRawUpload({
        url: `${platform.gatewayUrl}${DIRECT}`,
        headers: MULTIPART_HEADERS,
        chunks: [multipartHead([]), ...filled('a,b,c,d\n', numbers, 256 * MB)],
        keepSendingAfterAnswer: true,
        giveUpMs: 30_000,
      });

      expect(res.status).toBe(422);
      expect(res.afterAnswer).toBe('closed');
      expect(res.bytesSent).toBeLessThan(256 * MB);
    });

    it('should free the upstream connection of each, so that predictions still get through after many', async () => {
      // Twice as many as the gateway has sockets to the predictor (UPSTREAM_MAX_SOCKETS=4).
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          sendRawUpload({
            url: `${platform.gatewayUrl}${DIRECT}`,
            headers: MULTIPART_HEADERS,
            chunks: [multipartHead([]), ...filled('a,b,c,d\n', numbers, 64 * MB)],
            giveUpMs: 30_000,
          }),
        ),
      );

      expect(answers.map((res) => [res.status, res.answeredWhileSending])).toEqual(answers.map(() => [422, true]));
      await expectStillServing();
    });
  });
});
