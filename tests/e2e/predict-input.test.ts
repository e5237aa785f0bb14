import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addColumn, dropColumns, mapColumn, readCsv, reorderColumns, toCsv } from '../support/csv.js';
import { errorText, expectAllHealthy, expectError } from '../support/expectations.js';
import { startPlatform, type Platform } from '../support/platform.js';
import { IRIS, IRIS_PREDICT, csvBytes, predict, predictOk, trainOk } from '../support/tabula.js';

describe('POST /predict input handling, through the gateway', () => {
  let platform: Platform;
  let baseline: unknown[];
  const irisPredict = readCsv(IRIS_PREDICT);

  beforeAll(async () => {
    platform = await startPlatform();
    await trainOk(platform);
    await trainOk(platform, { model_name: 'sepal', model_type: 'RandomForestRegressor', target_column: 'sepal.length' });
    baseline = (await predictOk(platform)).body.predictions;
  }, 90_000);

  afterAll(async () => {
    await platform?.stopAll();
  });

  it('should ignore the target column in the input even without columns_to_drop', async () => {
    const res = await predictOk(platform, { columns_to_drop: '' });
    expect(res.body.predictions).toEqual(baseline);
  });

  it('should accept columns_to_drop as a comma-separated list', async () => {
    const res = await predictOk(platform, { columns_to_drop: 'variety' });
    expect(res.body.predictions).toEqual(baseline);
  });

  it('should ignore extra columns and match columns by name, not position', async () => {
    let table = addColumn(irisPredict, 'row_id', (i) => `r${i}`);
    table = addColumn(table, 'note', (i) => (i % 2 ? 'hello, world' : ''));
    table = reorderColumns(table, ['note', 'petal.width', 'row_id', 'variety', 'sepal.width', 'petal.length', 'sepal.length']);
    const res = await predictOk(platform, {}, csvBytes(toCsv(table)));
    expect(res.body.predictions).toEqual(baseline);
  });

  it('should recognise CSV by content when the part is application/octet-stream (plain curl -F)', async () => {
    const res = await predictOk(platform, {}, { path: IRIS_PREDICT, type: 'application/octet-stream' });
    expect(res.body.predictions).toEqual(baseline);
  });

  it.each(['application/vnd.ms-excel', 'text/plain', 'image/png'])('should recognise CSV by content when the part says %s', async (type) => {
    const res = await predictOk(platform, {}, { path: IRIS_PREDICT, type, filename: 'rows.data' });
    expect(res.body.predictions).toEqual(baseline);
  });

  it('should read a file with a UTF-8 BOM, CRLF line ends and quoted cells', async () => {
    const text = '\ufeff' + toCsv(irisPredict).replace(/\n/g, '\r\n').replace(/Setosa/g, '"Setosa"');
    const res = await predictOk(platform, {}, csvBytes(text));
    expect(res.body.predictions).toEqual(baseline);
  });

  it('should train from an application/octet-stream upload too', async () => {
    const res = await trainOk(platform, { model_name: 'octet' }, { path: IRIS, type: 'application/octet-stream', filename: 'iris' });
    expect(res.body).toMatchObject({ model_name: 'octet', version: 1, n_rows: 150 });
  });

  it('should answer 422 MISSING_COLUMN naming a feature column the file lacks', async () => {
    const res = await predict(platform, {}, csvBytes(toCsv(dropColumns(irisPredict, ['petal.width']))));
    expectError(res, ['MISSING_COLUMN'], platform);
    expect(errorText(res)).toContain('petal.width');
    expect(res.body.error.message).not.toContain('sepal.width');
    await expectAllHealthy(platform);
  });

  it('should answer 422 MISSING_COLUMN when columns_to_drop removes a feature the model needs', async () => {
    const res = await predict(platform, { columns_to_drop: '["variety","petal.length"]' });
    expectError(res, ['MISSING_COLUMN'], platform);
    expect(errorText(res)).toContain('petal.length');
  });

  it('should impute a blank cell with the value fitted at training', async () => {
    const table = mapColumn(irisPredict, 'petal.width', (v, i) => (i === 0 ? '' : v));
    const res = await predictOk(platform, {}, csvBytes(toCsv(table)));
    expect(res.body.predictions).toHaveLength(30);
    expect(res.body.predictions.slice(1)).toEqual(baseline.slice(1));
  });

  it('should still predict when a categorical feature has a category unseen in training', async () => {
    const table = mapColumn(irisPredict, 'variety', (v, i) => (i < 5 ? 'Unknownia' : v));
    const res = await predictOk(platform, { model_name: 'sepal', columns_to_drop: '' }, csvBytes(toCsv(table)));
    expect(res.body).toMatchObject({ model_name: 'sepal', model_version: 1 });
    expect(res.body.predictions).toHaveLength(30);
    for (const p of res.body.predictions) {
      expect(typeof p).toBe('number');
      expect(Number.isFinite(p)).toBe(true);
    }
  });

  it('should answer in input row order for a shuffled file', async () => {
    const order = [29, 0, 15, 3, 22, 11, 7, 26, 18, 1];
    const table = { header: irisPredict.header, rows: order.map((i) => irisPredict.rows[i]) };
    const res = await predictOk(platform, {}, csvBytes(toCsv(table)));
    expect(res.body.predictions).toEqual(order.map((i) => baseline[i]));
  });
});
