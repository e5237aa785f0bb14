import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DriftReportSchema, MonitoringReportListSchema, PerformanceReportSchema, type DriftReport } from '@tabula/contracts';
import { dropColumns, mapColumn, readCsv, toCsv, type Table } from '../support/csv.js';
import { errorText, expectError, expectStatus } from '../support/expectations.js';
import { getJson, postForm, type ApiResponse } from '../support/http.js';
import { usePlatform } from '../support/use-platform.js';
import { CHURN, IRIS, IRIS_PREDICT, csvBytes, csvPart, trainOk } from '../support/tabula.js';
import { itFolderOnly } from '../support/folder-only.js';

const CHURN_FIELDS = { model_type: 'RandomForestClassifier', target_column: 'churned', columns_to_drop: '["customer_id"]' };
const CHURN_FEATURES = ['tenure_months', 'monthly_charges', 'total_charges', 'contract', 'payment_method', 'internet_service', 'has_partner', 'support_calls'];
const SHIFTED = ['monthly_charges', 'contract'];
const churn = readCsv(CHURN);

/** The churn file as production would send it: no label, no id. */
const unlabelled = dropColumns(churn, ['churned', 'customer_id']);
/** monthly_charges moved up by 60 and every contract turned month-to-month; the other columns untouched. */
const shifted = mapColumn(
  mapColumn(unlabelled, 'monthly_charges', (value) => String(Number(value) + 60)),
  'contract',
  () => 'Month-to-month',
);

describe('model monitoring through the gateway', () => {
  const platform = usePlatform();
  const url = (path: string) => `${platform.gatewayUrl}${path}`;
  const drift = (table: Table, fields: Record<string, string> = {}): Promise<ApiResponse> =>
    postForm(url('/monitoring/drift'), { model_name: 'churn', ...fields }, { input_file: csvBytes(toCsv(table)) });

  it('stores a drift reference with each trained version', async () => {
    await trainOk(platform, { ...CHURN_FIELDS, model_name: 'churn' }, csvPart(CHURN));
    const res = await getJson(url('/models/churn/versions/1'));
    expectStatus(res, 200);
    const reference = res.body.drift_reference;
    expect(Object.keys(reference.features).sort()).toEqual([...CHURN_FEATURES].sort());
    expect(reference.features.monthly_charges).toMatchObject({ type: 'numeric', n: 490, missing: 10 }); // the sample has 10 blanks there
    expect(reference.features.monthly_charges.proportions).toHaveLength(reference.features.monthly_charges.edges.length + 1);
    expect(reference.features.contract.type).toBe('categorical');
    expect(reference.score).toMatchObject({ type: 'numeric', kind: 'probability', label: 'Yes', n: 500 });
  });

  it('finds no drift in an unshifted copy of the training data', async () => {
    const res = await drift(unlabelled);
    expectStatus(res, 200);
    const report = DriftReportSchema.parse(res.body);
    expect(report).toMatchObject({ model_name: 'churn', model_version: 1, n_rows: 500, status: 'ok', thresholds: { psi_warn: 0.1, psi_drift: 0.25 } });
    for (const name of CHURN_FEATURES) expect([name, report.features[name].status]).toEqual([name, 'ok']);
    expect(report.features.monthly_charges.ks_statistic).toBeLessThan(0.05);
    expect(report.features.monthly_charges.ks_p_value).toBeGreaterThan(0.5);
    expect(report.features.contract.chi_square_p_value).toBeGreaterThan(0.5);
    expect(report.score.status).toBe('ok');
  });

  it('flags drift on the shifted features only', async () => {
    const res = await drift(shifted);
    expectStatus(res, 200);
    const report: DriftReport = DriftReportSchema.parse(res.body);
    expect(report.status).toBe('drift');
    const flagged = Object.entries(report.features).filter(([, feature]) => feature.status !== 'ok').map(([name]) => name);
    expect(flagged.sort()).toEqual([...SHIFTED].sort());
    for (const name of SHIFTED) expect([name, report.features[name].status]).toEqual([name, 'drift']);
    expect(report.features.monthly_charges.psi).toBeGreaterThan(1);
    expect(report.features.monthly_charges.ks_p_value).toBeLessThan(1e-6);
    expect(report.features.contract.chi_square_p_value).toBeLessThan(1e-6);
  });

  it('keeps a small sample of the training data quiet: its PSI is noise, and the tests say so', async () => {
    const sample: Table = { ...unlabelled, rows: unlabelled.rows.slice(0, 30) };
    const res = await drift(sample);
    expectStatus(res, 200);
    const report = DriftReportSchema.parse(res.body);
    expect(report).toMatchObject({ n_rows: 30, status: 'ok', thresholds: { p_value: 0.05 } });
    // Rated by PSI alone, as p_value=1 does, 30 rows over ten bins read as drift.
    const maxPsi = Math.max(...Object.values(report.features).map((feature) => feature.psi));
    expect(maxPsi).toBeGreaterThanOrEqual(0.1);
    const byPsiAlone = DriftReportSchema.parse((await drift(sample, { p_value: '1' })).body);
    expect(byPsiAlone.status).not.toBe('ok');
  });

  it('checks a large file on a scoring worker, so the predictor keeps answering meanwhile', async () => {
    // 200,000 rows: seconds of parsing and scoring. On the event loop they would hold every request
    // until the check ended; off it, health checks keep being answered while the check runs. This
    // counts answers, whatever the machine's speed; how fast they are is measured in the bench.
    const large: Table = { ...shifted, rows: Array.from({ length: 400 }, () => shifted.rows).flat() };
    let isChecking = true;
    const checked = drift(large).finally(() => (isChecking = false));
    let answeredWhileChecking = 0;
    while (isChecking) {
      const health = await getJson(`${platform.predictorUrl}/health`);
      expectStatus(health, 200);
      if (isChecking) answeredWhileChecking++;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const res = await checked;
    expectStatus(res, 200);
    expect(res.body).toMatchObject({ n_rows: 200_000, status: 'drift' });
    expect(answeredWhileChecking).toBeGreaterThanOrEqual(5);
  }, 120_000);

  it('applies thresholds given with the request', async () => {
    const res = await drift(shifted, { psi_warn: '50', psi_drift: '100' });
    expectStatus(res, 200);
    expect(res.body.features.monthly_charges.status).toBe('ok');
    const bad = await drift(shifted, { psi_warn: '0.3', psi_drift: '0.2' });
    expectError(bad, ['INVALID_INPUT'], platform);
    expect(errorText(bad)).toContain('psi_warn');
  });

  it('keeps the latest drift reports, newest first, across a predictor restart', async () => {
    await platform.stop('predictor');
    await platform.start('predictor');
    const res = await getJson(url('/monitoring/drift?model_name=churn&model_version=1'));
    expectStatus(res, 200);
    const list = MonitoringReportListSchema.parse(res.body);
    expect(list).toMatchObject({ model_name: 'churn', model_version: 1, kind: 'drift' });
    // Newest first: the shifted copy with high thresholds (a refused request stores nothing), the
    // large shifted file, the two small samples, the shifted copy, the unshifted copy.
    expect(list.reports.map((report) => report.kind === 'drift' && report.status)).toEqual(['ok', 'drift', expect.stringMatching(/warn|drift/), 'ok', 'drift', 'ok']);
  });

  it('reports performance on labelled data with its delta to the training metrics', async () => {
    await trainOk(platform, { model_name: 'iris' }, csvPart(IRIS));
    const res = await postForm(url('/monitoring/performance'), { model_name: 'iris', target_column: 'variety' }, { input_file: csvPart(IRIS_PREDICT) });
    expectStatus(res, 200);
    const report = PerformanceReportSchema.parse(res.body);
    expect(report).toMatchObject({ model_name: 'iris', model_version: 1, n_rows: 30, target_column: 'variety' });
    expect(Object.keys(report.metrics).sort()).toEqual(Object.keys(report.training_metrics).sort());
    expect(report.metrics.accuracy).toBeGreaterThan(0.8);
    for (const [metric, value] of Object.entries(report.metrics)) {
      expect(report.delta[metric]).toBeCloseTo(value - report.training_metrics[metric], 12);
    }
    const listed = await getJson(url('/monitoring/performance?model_name=iris'));
    expectStatus(listed, 200);
    expect(listed.body.reports).toEqual([report]);
  });

  it('refuses labels the model never saw, and a missing target column, naming them', async () => {
    const unknownLabel = mapColumn(readCsv(IRIS_PREDICT), 'variety', (value, row) => (row === 3 ? 'Rosa' : value));
    const res = await postForm(url('/monitoring/performance'), { model_name: 'iris', target_column: 'variety' }, { input_file: csvBytes(toCsv(unknownLabel)) });
    expectError(res, ['INVALID_VALUE'], platform);
    expect(errorText(res)).toContain('Rosa');
    const noTarget = await postForm(url('/monitoring/performance'), { model_name: 'iris', target_column: 'species' }, { input_file: csvPart(IRIS_PREDICT) });
    expectError(noTarget, ['MISSING_COLUMN'], platform);
    expect(errorText(noTarget)).toContain('species');
    const noField = await postForm(url('/monitoring/performance'), { model_name: 'iris' }, { input_file: csvPart(IRIS_PREDICT) });
    expectError(noField, ['INVALID_INPUT'], platform);
    expect(errorText(noField)).toContain('target_column');
  });

  itFolderOnly('answers 409 with a retrain hint for a version stored without a drift reference', async () => {
    const path = join(platform.modelsDir, 'iris', '1', 'metadata.json');
    const metadata = JSON.parse(await readFile(path, 'utf8'));
    delete metadata.drift_reference;
    await writeFile(path, JSON.stringify(metadata));
    const res = await postForm(url('/monitoring/drift'), { model_name: 'iris', model_version: '1' }, { input_file: csvPart(IRIS_PREDICT) });
    expectError(res, ['CONFLICT'], platform);
    expect(errorText(res)).toMatch(/Retrain/);
  });

  it('answers bad uploads with a 4xx that says what is wrong', async () => {
    const cases: Array<[string, string | Uint8Array]> = [
      ['binary bytes', Uint8Array.from([0xff, 0xfe, 0x00, 0x81, 0x2c, 0x0a, 0x00])],
      ['a header only', `${unlabelled.header.join(',')}\n`],
      ['no feature columns', 'a,b\n1,2\n'],
      ['text in a numeric feature', toCsv(mapColumn(unlabelled, 'tenure_months', () => 'many'))],
    ];
    for (const [what, content] of cases) {
      for (const path of ['/monitoring/drift', '/monitoring/performance']) {
        const res = await postForm(url(path), { model_name: 'churn', target_column: 'churned' }, { input_file: csvBytes(content) });
        expect([what, path, res.status >= 400 && res.status < 500]).toEqual([what, path, true]);
        expect(res.body.error.message.length).toBeGreaterThan(10);
      }
    }
  });

  it("documents the monitoring routes in the gateway's and the predictor's OpenAPI", async () => {
    for (const base of [platform.gatewayUrl, platform.predictorUrl]) {
      const doc = await getJson(`${base}/openapi.json`);
      expectStatus(doc, 200);
      expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/monitoring/performance', '/monitoring/drift', '/monitoring/{kind}']));
    }
  });

  it('answers 404 for an unknown model and 400 for an unknown report kind', async () => {
    expectError(await getJson(url('/monitoring/drift?model_name=nope')), ['MODEL_NOT_FOUND'], platform);
    const res = await getJson(url('/monitoring/latency?model_name=churn'));
    expectError(res, ['INVALID_INPUT'], platform);
    expect(errorText(res)).toContain('performance or drift');
  });
});
