import { readdir } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { dropColumns, readCsv, toCsv, type Table } from '../support/csv.js';
import { expectStatus } from '../support/expectations.js';
import { postJson, postParts, type FormPart } from '../support/http.js';
import { postStreamed, repeatRows, type StreamAnswer } from '../support/stream-answer.js';
import { usePlatform } from '../support/use-platform.js';
import { IRIS, IRIS_PREDICT, csvBytes, trainOk } from '../support/tabula.js';

// The order of the form's parts must not change what answers: curl users type -F fields after
// -F input_file=@…, and a streamed answer (format=csv|ndjson or Accept) that cannot wait for them
// spools the upload instead. Also: columns_to_drop naming a column the scoring file lacks.
const features = dropColumns(readCsv(IRIS_PREDICT), ['variety']);

/** The names in an x-ignored-columns header: JSON strings, comma-separated. */
const ignoredColumns = (headers: Headers): string[] | null => {
  const value = headers.get('x-ignored-columns');
  return value === null ? null : (JSON.parse(`[${value}]`) as string[]);
};

describe('form fields after the file, through the gateway', () => {
  const platform = usePlatform();

  beforeAll(async () => {
    await trainOk(platform);
    await trainOk(platform, { model_name: 'iris-json', model_type: 'LogisticRegression', model_params: '{}' });
  }, 120_000);

  const send = (query: string, parts: FormPart[], accept?: string): Promise<StreamAnswer> =>
    postStreamed(`${platform.gatewayUrl}/predict${query}`, parts, accept);
  const file = (table: Table | string): FormPart => ({ name: 'input_file', file: csvBytes(typeof table === 'string' ? table : toCsv(table)) });
  const lines = (text: string) => text.trimEnd().split('\n');

  describe('a streamed prediction', () => {
    it.each([
      ['?format=csv', '*/*'],
      ['?format=ndjson', '*/*'],
      ['', 'text/csv'],
      ['', 'application/x-ndjson'],
    ])('should be scored by the model named after the file (%s, Accept %s), every row', async (query, accept) => {
      const res = await send(query, [file(features), { name: 'model_name', value: 'iris-json' }, { name: 'return_proba', value: 'true' }], accept);

      expect({ status: res.status, text: res.text.slice(0, 300) }).toMatchObject({ status: 200 });
      expect(res.aborted).toBe(false);
      expect(res.headers.get('x-model-name')).toBe('iris-json');
      const body = lines(res.text);
      if (res.headers.get('content-type')?.includes('ndjson')) {
        const rows = body.map((line) => JSON.parse(line));
        expect(rows.map((row) => row.row)).toEqual(features.rows.map((_, i) => i + 1));
        expect(rows.every((row) => row.probabilities !== undefined)).toBe(true);
      } else {
        expect(body[0]).toMatch(/^row,prediction,proba_/);
        expect(body).toHaveLength(features.rows.length + 1);
      }
    });

    it('should spool a file larger than the memory buffer to disk, answer it whole, and remove the spooled file', async () => {
      const big = repeatRows(features, 700_000); // about 11 MB: past the 8 MB kept in memory
      const res = await send('?format=csv', [file(big), { name: 'model_name', value: 'iris-json' }]);

      expect(res.status).toBe(200);
      expect(res.aborted).toBe(false);
      expect(res.headers.get('x-model-name')).toBe('iris-json');
      const rows = lines(res.text);
      expect(rows).toHaveLength(big.rows.length + 1);
      expect(rows.at(-1)).toMatch(new RegExp(`^${big.rows.length},`));
      const leftovers = (await readdir(platform.uploadDir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
      expect(leftovers.map((entry) => entry.name)).toEqual([]);
    });

    it('should never answer silently without a field that came after the file when the model was named first', async () => {
      // model_name in the query string: the file is read straight from the socket, and return_proba comes too late.
      const res = await send('?format=ndjson&model_name=iris-json', [file(features), { name: 'return_proba', value: 'true' }]);

      if (res.status === 200) {
        const last = JSON.parse(lines(res.text).at(-1) ?? '{}');
        expect(last.error.message).toContain('"return_proba"');
      } else {
        expect(res.status).toBe(400);
        expect(JSON.parse(res.text).error.message).toContain('"return_proba"');
      }
    });
  });

  describe('monitoring and training', () => {
    it('should check drift against the model named after the file', async () => {
      const res = await postParts(`${platform.gatewayUrl}/monitoring/drift`, [file(features), { name: 'model_name', value: 'iris-json' }]);

      expectStatus(res, 200);
      expect(res.body).toMatchObject({ kind: 'drift', model_name: 'iris-json', model_version: 1 });
    });

    it('should measure performance with the target and model named after the file', async () => {
      const res = await postParts(`${platform.gatewayUrl}/monitoring/performance`, [
        file(readCsv(IRIS_PREDICT)),
        { name: 'model_name', value: 'iris-json' },
        { name: 'target_column', value: 'variety' },
      ]);

      expectStatus(res, 200);
      expect(res.body).toMatchObject({ kind: 'performance', model_name: 'iris-json', target_column: 'variety', n_rows: 30 });
    });

    it('should train under the model_name sent after the file', async () => {
      const res = await postParts(`${platform.gatewayUrl}/train`, [
        { name: 'dataset_file', file: { path: IRIS, type: 'text/csv' } },
        { name: 'target_column', value: 'variety' },
        { name: 'model_type', value: 'LogisticRegression' },
        { name: 'model_name', value: 'named-after-file' },
      ]);

      expectStatus(res, 201);
      expect(res.body).toMatchObject({ model_name: 'named-after-file', version: 1, model_type: 'LogisticRegression' });
    });
  });

  describe('columns_to_drop naming a column the file lacks', () => {
    const dropping = (value: string): FormPart => ({ name: 'columns_to_drop', value });

    it('should be ignored on a JSON answer, which names it in x-ignored-columns', async () => {
      const res = await postParts(`${platform.gatewayUrl}/predict`, [file(features), dropping('["variety"]')]);

      expectStatus(res, 200);
      expect(res.body.predictions).toHaveLength(features.rows.length);
      expect(ignoredColumns(res.headers)).toEqual(['variety']);
    });

    it.each([
      ['read straight from the upload', '?format=csv&model_name=iris-json', [dropping('["variety","id"]'), file(features)]],
      ['spooled first', '?format=ndjson', [file(features), dropping('["variety","id"]'), { name: 'model_name', value: 'iris-json' }]],
    ])('should be ignored on a streamed answer %s', async (_how, query, parts) => {
      const res = await send(query, parts);

      expect(res.status).toBe(200);
      expect(lines(res.text)).toHaveLength(features.rows.length + (query.includes('csv') ? 1 : 0));
      expect(ignoredColumns(res.headers)).toEqual(['variety', 'id']);
    });

    it('should name only the absent ones, JSON-escaped, and still drop the present ones', async () => {
      const withNote: Table = { header: [...features.header, 'note, "é"'], rows: features.rows.map((row) => [...row, 'x']) };
      const res = await postParts(`${platform.gatewayUrl}/predict?model_name=iris-json`, [
        file(withNote),
        dropping(JSON.stringify(['note, "é"', 'variety', 'ünïcode, "q"'])),
      ]);

      expectStatus(res, 200);
      expect(ignoredColumns(res.headers)).toEqual(['variety', 'ünïcode, "q"']);
    });

    it('should send no x-ignored-columns when every named column is in the file', async () => {
      const res = await postParts(`${platform.gatewayUrl}/predict`, [{ name: 'input_file', file: { path: IRIS_PREDICT } }, dropping('["variety"]')]);

      expectStatus(res, 200);
      expect(res.headers.get('x-ignored-columns')).toBeNull();
    });

    it('should be ignored on JSON records too (columns_to_drop as a query parameter)', async () => {
      const record = Object.fromEntries(features.header.map((name, i) => [name, Number(features.rows[0][i])]));
      const res = await postJson(`${platform.gatewayUrl}/predict_batch?model_name=iris-json&columns_to_drop=variety`, [record, record]);

      expectStatus(res, 200);
      expect(res.body.predictions).toHaveLength(2);
      expect(ignoredColumns(res.headers)).toEqual(['variety']);
    });

    it('should still refuse a training whose columns_to_drop names a column the file lacks', async () => {
      const res = await postParts(`${platform.gatewayUrl}/train`, [
        { name: 'dataset_file', file: { path: IRIS, type: 'text/csv' } },
        { name: 'target_column', value: 'variety' },
        dropping('["nope"]'),
      ]);

      expect(res.status).toBe(400);
      expect(res.text).toContain('nope');
    });
  });
});
