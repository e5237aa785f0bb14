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

describe('upload errors on /predict, through the gateway', () => {
  const platform = usePlatform();

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
});
