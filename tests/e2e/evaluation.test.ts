import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { CLASSIFICATION_METRICS, ModelMetadataSchema, TrainResponseSchema, type ErrorCode } from '@tabula/contracts';
import { readCsv, toCsv, type Table } from '../support/csv.js';
import { errorText, expectError, expectStatus, listVersions } from '../support/expectations.js';
import { getJson, type ApiResponse, type FilePart } from '../support/http.js';
import { usePlatform } from '../support/use-platform.js';
import { CHURN, CHURN_PREDICT, IRIS, IRIS_FEATURES, csvBytes, csvPart, predictOk, train, trainOk } from '../support/tabula.js';
import type { Platform } from '../support/platform.js';
import { whenFolderStore } from '../support/folder-only.js';

const CHURN_FIELDS = { target_column: 'churned', columns_to_drop: 'customer_id' };
const iris = readCsv(IRIS);

/** The response must match TrainResponseSchema exactly (no field missing or mistyped). */
function expectTrainResponse(res: ApiResponse): void {
  expectStatus(res, 201);
  expect(TrainResponseSchema.safeParse(res.body).error?.issues ?? []).toEqual([]);
}

async function metadataOf(platform: Platform, name: string, version: number) {
  const res = await getJson(`${platform.gatewayUrl}/models/${name}/versions/${version}`);
  expectStatus(res, 200);
  return ModelMetadataSchema.parse(res.body);
}

const modelJson = (platform: Platform, name: string, version: number) => readFile(join(platform.modelsDir, name, String(version), 'model.json'));

const csvOf = (table: Table): FilePart => csvBytes(toCsv(table));

describe('evaluation, class balance and validation gates, through the gateway', () => {
  const platform = usePlatform();

  describe('held-out evaluation for each model type', () => {
    it('should score a multiclass forest from its probabilities, with per-class scores, confusion matrix, importance and data report', async () => {
      const res = await trainOk(platform, { model_name: 'eval-rf' });
      expectTrainResponse(res);
      const body = res.body;
      expect(Object.keys(body.metrics).sort()).toEqual([...CLASSIFICATION_METRICS].sort());
      expect(body.metrics.roc_auc).toBeGreaterThan(0.9);
      expect(body).toMatchObject({ status: 'ready', rejection_reasons: [], random_state: 7 });

      const { per_class: perClass, confusion_matrix: confusion } = body.evaluation;
      expect(confusion.labels).toEqual(['Setosa', 'Versicolor', 'Virginica']);
      expect(confusion.matrix.flat().reduce((sum: number, n: number) => sum + n, 0)).toBe(30);
      expect(perClass.map((scores: { label: string; support: number }) => [scores.label, scores.support])).toEqual([
        ['Setosa', 10], ['Versicolor', 10], ['Virginica', 10],
      ]);

      const importance = body.feature_importance;
      expect(importance).toMatchObject({ method: 'permutation', scoring: 'accuracy', n_repeats: 5, n_rows: 30 });
      expect(importance.importances.map((entry: { feature: string }) => entry.feature).sort()).toEqual([...IRIS_FEATURES].sort());
      const values = importance.importances.map((entry: { importance: number }) => entry.importance);
      expect(values).toEqual([...values].sort((a, b) => b - a));
      expect(importance.importances[0].feature).toMatch(/^petal\./);

      expect(body.data_report).toMatchObject({ n_rows: 150, n_columns: 5, n_rows_without_target: 0, class_counts: { Setosa: 50, Versicolor: 50, Virginica: 50 } });
      expect(body.data_report.columns.find((column: { name: string }) => column.name === 'petal.length')).toMatchObject({
        role: 'feature', type: 'numeric', missing: 0, missing_pct: 0, min: 1, max: 6.9,
      });
      expect(body.class_balance).toMatchObject({ method: 'none', train_counts_before: { Setosa: 40, Versicolor: 40, Virginica: 40 } });

      // The version's metadata holds the same evaluation, importance and report.
      const metadata = await metadataOf(platform, 'eval-rf', 1);
      expect(metadata).toMatchObject({ status: 'ready', evaluation: body.evaluation, feature_importance: body.feature_importance, data_report: body.data_report });
      expect(metadata.split.random_state).toBe(7);
    });

    it('should score a binary logistic regression on churn, reporting blanks, dropped and categorical columns', async () => {
      const res = await trainOk(platform, { model_name: 'eval-lr', model_type: 'LogisticRegression', model_params: '{}', ...CHURN_FIELDS }, csvPart(CHURN));
      expectTrainResponse(res);
      expect(Object.keys(res.body.metrics).sort()).toEqual([...CLASSIFICATION_METRICS].sort());
      expect(res.body.metrics.log_loss).toBeGreaterThan(0);
      expect(res.body.evaluation.confusion_matrix.labels).toEqual(['No', 'Yes']);
      const report = res.body.data_report;
      expect(report.class_counts).toEqual({ No: 377, Yes: 123 });
      const byName = Object.fromEntries(report.columns.map((column: { name: string }) => [column.name, column]));
      expect(byName.customer_id).toMatchObject({ role: 'dropped', type: 'categorical', distinct: 500 });
      expect(byName.churned).toMatchObject({ role: 'target' });
      expect(byName.contract).toMatchObject({ role: 'feature', type: 'categorical', distinct: 3 });
      expect(byName.contract.top[0]).toEqual({ value: 'Month-to-month', count: expect.any(Number) });
      expect(report.columns.some((column: { missing: number }) => column.missing > 0)).toBe(true);
    });

    it('should report rmse, mae and r2 for a regressor, importance by r2, and no classes', async () => {
      const res = await trainOk(platform, { model_name: 'eval-reg', model_type: 'RandomForestRegressor', target_column: 'sepal.length' });
      expectTrainResponse(res);
      expect(Object.keys(res.body.metrics).sort()).toEqual(['mae', 'r2', 'rmse']);
      expect(res.body.evaluation).toEqual({});
      expect(res.body).toMatchObject({ class_balance: null, data_report: { class_counts: null } });
      expect(res.body.feature_importance).toMatchObject({ method: 'permutation', scoring: 'r2' });
      expect(res.body.feature_importance.importances.map((entry: { feature: string }) => entry.feature)).toContain('variety');
    });
  });

  describe('random_state', () => {
    it('should make the same data and params give a byte-identical model.json and identical predictions', async () => {
      const fields = { model_name: 'repro', model_params: '{"n_estimators": 30}', random_state: '123', cv: '3', class_balance: 'oversample', ...CHURN_FIELDS };
      const first = await trainOk(platform, fields, csvPart(CHURN));
      const second = await trainOk(platform, fields, csvPart(CHURN));
      expect([first.body.version, second.body.version, first.body.random_state]).toEqual([1, 2, 123]);
      const { version: _v1, training_ms: _t1, created_at: _c1, ...a } = first.body;
      const { version: _v2, training_ms: _t2, created_at: _c2, ...b } = second.body;
      expect(b).toEqual(a);
      await whenFolderStore(async () => expect((await modelJson(platform, 'repro', 2)).equals(await modelJson(platform, 'repro', 1))).toBe(true));

      const predictions = await Promise.all(
        [1, 2].map(async (v) => (await predictOk(platform, { model_name: 'repro', model_version: String(v), return_proba: 'true', columns_to_drop: '' }, csvPart(CHURN_PREDICT))).body),
      );
      expect(predictions[1].predictions).toEqual(predictions[0].predictions);
      expect(predictions[1].probabilities).toEqual(predictions[0].probabilities);
    });

    it('should draw and report a seed when none is given, and replay it exactly', async () => {
      const drawn = await trainOk(platform, { model_name: 'replay', model_params: '{"n_estimators": 20}' });
      expect(Number.isInteger(drawn.body.random_state)).toBe(true);
      const replay = await trainOk(platform, { model_name: 'replay', model_params: '{"n_estimators": 20}', random_state: String(drawn.body.random_state) });
      expect(replay.body.metrics).toEqual(drawn.body.metrics);
      await whenFolderStore(async () => expect((await modelJson(platform, 'replay', 2)).equals(await modelJson(platform, 'replay', 1))).toBe(true));
    });
  });

  describe('cv', () => {
    it('should report each metric as mean ± std over the folds, beside the held-out metrics', async () => {
      const res = await trainOk(platform, { model_name: 'eval-cv', model_type: 'LogisticRegression', model_params: '{}', cv: '5', random_state: '3' });
      expectTrainResponse(res);
      const cv = res.body.evaluation.cv;
      expect(cv).toMatchObject({ folds: 5, stratified: true });
      expect(Object.keys(cv.metrics).sort()).toEqual([...CLASSIFICATION_METRICS].sort());
      const { mean, std, values } = cv.metrics.accuracy;
      expect(values).toHaveLength(5);
      expect(mean).toBeCloseTo(values.reduce((sum: number, v: number) => sum + v, 0) / 5, 12);
      expect(std).toBeGreaterThanOrEqual(0);
      expect(mean).toBeGreaterThan(0.85);
      // The stored model is still the one fitted on the training split.
      const plain = await trainOk(platform, { model_name: 'eval-cv', model_type: 'LogisticRegression', model_params: '{}', random_state: '3' });
      expect(plain.body.metrics).toEqual(res.body.metrics);
      await whenFolderStore(async () => expect((await modelJson(platform, 'eval-cv', 2)).equals(await modelJson(platform, 'eval-cv', 1))).toBe(true));
    });
  });

  describe('class_balance', () => {
    it('should rebalance only the training split: undersample, oversample and weights', async () => {
      const trainWith = (classBalance: string) =>
        trainOk(platform, { model_name: `balance-${classBalance}`, model_params: '{"n_estimators": 30}', random_state: '5', class_balance: classBalance, ...CHURN_FIELDS }, csvPart(CHURN));
      const none = (await trainWith('none')).body;
      const before = none.class_balance.train_counts_before;
      // 377 No and 123 Yes; the stratified test split takes 75 and 25.
      expect(before).toEqual({ No: 302, Yes: 98 });
      expect(none.n_test).toBe(100);

      const under = (await trainWith('undersample')).body;
      expect(under.class_balance).toEqual({ method: 'undersample', train_counts_before: before, train_counts_after: { No: 98, Yes: 98 } });
      // Trained on as many Yes as No, the forest finds more of the minority class.
      expect(under.evaluation.per_class[1].recall).toBeGreaterThan(none.evaluation.per_class[1].recall);
      const over = (await trainWith('oversample')).body;
      expect(over.class_balance.train_counts_after).toEqual({ No: 302, Yes: 302 });
      const weights = (await trainWith('weights')).body;
      expect(weights.class_balance.class_weights.Yes).toBeCloseTo(400 / (2 * 98), 12);
      for (const result of [under, over, weights]) {
        // The test split is untouched: same rows, same support per class.
        expect([result.n_train, result.n_test]).toEqual([400, 100]);
        expect(result.evaluation.per_class.map((scores: { support: number }) => scores.support)).toEqual([75, 25]);
      }
    });
  });

  describe('min_metrics', () => {
    it('should store a model below a threshold as rejected, with the reasons, and never serve it by default', async () => {
      const passing = await trainOk(platform, { model_name: 'gated', min_metrics: '{"accuracy": 0.8, "log_loss": 10}' });
      expect(passing.body).toMatchObject({ version: 1, status: 'ready', rejection_reasons: [] });

      // Out of reach for any model: accuracy is at most 1, and clipped log loss is above 0.
      const failing = await trainOk(platform, { model_name: 'gated', min_metrics: '{"accuracy": 1.01, "log_loss": 0}' });
      expect(failing.body).toMatchObject({ version: 2, status: 'rejected' });
      expect(failing.body.rejection_reasons).toEqual([
        expect.stringMatching(/^accuracy [\d.]+ is below the minimum 1\.01$/),
        expect.stringMatching(/^log_loss [\d.e+-]+ is above the maximum 0 \(log_loss is an error: lower is better\)$/),
      ]);
      expect(await metadataOf(platform, 'gated', 2)).toMatchObject({ status: 'rejected', rejection_reasons: failing.body.rejection_reasons, min_metrics: { accuracy: 1.01, log_loss: 0 } });

      expect((await predictOk(platform, { model_name: 'gated' })).body.model_version).toBe(1);
      expect((await predictOk(platform, { model_name: 'gated', model_version: 'latest' })).body.model_version).toBe(1);
      expect((await predictOk(platform, { model_name: 'gated', model_version: '2' })).body.model_version).toBe(2);
    });
  });

  describe('refusals', () => {
    const irisPlus = (extra: string[][]): FilePart => csvOf({ header: iris.header, rows: [...iris.rows, ...extra] });
    const constant = csvOf({ header: ['a', 'b', 'y'], rows: Array.from({ length: 20 }, (_, i) => ['1', 'x', i % 2 === 0 ? 'p' : 'q']) });
    const tiny = csvOf({ header: ['x', 'y'], rows: [['1', 'a'], ['2', 'a'], ['3', 'b'], ['4', 'b']] });
    const REFUSALS: Array<{ name: string; fields: Record<string, string>; file?: FilePart; codes?: ErrorCode[]; mentions: string[] }> = [
      { name: 'a class with a single row', fields: {}, file: irisPlus([['5.0', '3.0', '1.5', '0.2', 'Hybrid']]), mentions: ['Hybrid', 'fewer than 2 rows'] },
      { name: 'fewer rows than the split needs', fields: { target_column: 'y', test_size: '0.6' }, file: tiny, mentions: ['Too few rows', 'test_size'] },
      { name: 'an all-constant feature set', fields: { target_column: 'y' }, file: constant, mentions: ['constant', '"a"', '"b"'] },
      { name: 'an unknown min_metrics name', fields: { min_metrics: '{"auc": 0.9}' }, mentions: ['min_metrics.auc', 'roc_auc', 'pr_auc', 'log_loss are maximums'] },
      { name: 'a classifier metric for a regressor', fields: { model_type: 'RandomForestRegressor', target_column: 'sepal.length', min_metrics: '{"accuracy": 0.9}' }, mentions: ['min_metrics.accuracy', 'r2, rmse, mae', 'rmse and mae are maximums'] },
      { name: 'a min_metrics threshold that is not a number', fields: { min_metrics: '{"accuracy": "high"}' }, mentions: ['min_metrics.accuracy', 'must be a number'] },
      { name: 'cv of 1', fields: { cv: '1' }, mentions: ['cv', 'at least 2 folds'] },
      { name: 'cv of 21', fields: { cv: '21' }, mentions: ['cv', 'at most 20 folds'] },
      { name: 'more folds than a class has training rows', fields: { cv: '10', test_size: '0.9' }, mentions: ['cv=10', 'Setosa', 'Lower cv to 5'] },
      { name: 'an unknown class_balance', fields: { class_balance: 'smote' }, mentions: ['class_balance', 'undersample', 'oversample', 'weights'] },
      { name: 'class_balance for a regressor', fields: { model_type: 'RandomForestRegressor', target_column: 'sepal.length', class_balance: 'oversample' }, mentions: ['class_balance', 'classifiers'] },
      { name: 'class_balance=weights on ml.js', fields: { model_params: '{"engine": "mljs", "n_estimators": 5}', class_balance: 'weights' }, mentions: ['mljs', 'engine "tabula"', 'oversample or undersample'] },
      { name: 'a random_state that is not a whole number', fields: { random_state: '1.5' }, mentions: ['random_state'] },
      { name: 'random_state disagreeing with model_params.random_state', fields: { random_state: '1' }, mentions: ['random_state=1', 'model_params.random_state=7'] },
    ];

    it.each(REFUSALS)('should refuse $name with 400 and store nothing', async ({ fields, file, codes, mentions }) => {
      const res = await train(platform, { model_name: 'refused', ...fields }, file);
      expectError(res, codes ?? ['INVALID_INPUT'], platform);
      for (const word of mentions) expect(errorText(res)).toContain(word);
      expect(await listVersions(platform, 'refused')).toEqual([]);
    });
  });
});
