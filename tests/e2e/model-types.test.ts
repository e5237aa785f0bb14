import { describe, expect, it } from '@jest/globals';
import { TrainResponseSchema } from '@tabula/contracts';
import { column, readCsv } from '../support/csv.js';
import { usePlatform } from '../support/use-platform.js';
import {
  CHURN,
  CHURN_PREDICT,
  IRIS_PREDICT,
  countAgreeing,
  csvPart,
  predictOk,
  trainOk,
} from '../support/tabula.js';

const IRIS_VARIETIES = ['Setosa', 'Versicolor', 'Virginica'];

describe('every model type, trained and used through the gateway', () => {
  const platform = usePlatform();
  const truth = readCsv(IRIS_PREDICT);

  describe('RandomForestClassifier on iris', () => {
    it('should reach accuracy ≥ 0.85 and predict the varieties of iris_predict.csv', async () => {
      const trained = await trainOk(platform, { model_name: 'iris-rf', model_type: 'RandomForestClassifier' });
      expect(trained.body).toMatchObject({ model_name: 'iris-rf', version: 1, model_type: 'RandomForestClassifier' });
      expect(trained.body.metrics.accuracy).toBeGreaterThanOrEqual(0.85);

      const res = await predictOk(platform, { model_name: 'iris-rf' });
      expect(res.body).toMatchObject({ model_name: 'iris-rf', model_version: 1 });
      expect(countAgreeing(res.body.predictions, column(truth, 'variety'))).toBeGreaterThanOrEqual(27);
    });
  });

  describe('random_state', () => {
    it('should make the held-out split and the forest reproducible', async () => {
      const params = '{"n_estimators": 15, "random_state": 42}';
      const first = await trainOk(platform, { model_name: 'seeded', model_params: params });
      const second = await trainOk(platform, { model_name: 'seeded', model_params: params });
      expect([first.body.version, second.body.version]).toEqual([1, 2]);
      expect(second.body.metrics).toEqual(first.body.metrics);

      const [a, b] = await Promise.all(
        ['1', '2'].map(async (v) => (await predictOk(platform, { model_name: 'seeded', model_version: v, return_proba: 'true' })).body),
      );
      expect(b.predictions).toEqual(a.predictions);
      if (a.probabilities !== undefined) expect(b.probabilities).toEqual(a.probabilities);
    });
  });

  describe('LogisticRegression on iris', () => {
    it('should reach accuracy ≥ 0.85 and return class labels as strings', async () => {
      const trained = await trainOk(platform, { model_name: 'iris-lr', model_type: 'LogisticRegression', model_params: '{}' });
      expect(TrainResponseSchema.safeParse(trained.body).error?.issues ?? []).toEqual([]);
      expect(trained.body).toMatchObject({ model_name: 'iris-lr', version: 1, model_type: 'LogisticRegression' });
      expect(trained.body.metrics.accuracy).toBeGreaterThanOrEqual(0.85);

      const res = await predictOk(platform, { model_name: 'iris-lr' });
      expect(res.body).toMatchObject({ model_name: 'iris-lr', model_version: 1 });
      for (const p of res.body.predictions) expect(IRIS_VARIETIES).toContain(p);
      expect(res.body.predictions.slice(0, 10)).toEqual(Array(10).fill('Setosa'));
      expect(countAgreeing(res.body.predictions, column(truth, 'variety'))).toBeGreaterThanOrEqual(26);
    });

    it('should accept scikit-learn parameter names (C, max_iter)', async () => {
      const trained = await trainOk(platform, {
        model_name: 'iris-lr-tuned',
        model_type: 'LogisticRegression',
        model_params: '{"C": 10, "max_iter": 300}',
      });
      expect(trained.body.metrics.accuracy).toBeGreaterThanOrEqual(0.85);
    });
  });

  describe('RandomForestRegressor on iris (target sepal.length, variety as a categorical feature)', () => {
    it('should report r2 rather than accuracy and predict numbers close to the truth', async () => {
      const trained = await trainOk(platform, {
        model_name: 'sepal',
        model_type: 'RandomForestRegressor',
        target_column: 'sepal.length',
      });
      expect(TrainResponseSchema.safeParse(trained.body).error?.issues ?? []).toEqual([]);
      expect(trained.body).toMatchObject({ model_name: 'sepal', version: 1, model_type: 'RandomForestRegressor', target_column: 'sepal.length' });
      expect(trained.body.class_labels).toBeNull();
      expect(trained.body.metrics.r2).toBeGreaterThan(0.5);
      expect(trained.body.metrics.r2).toBeLessThanOrEqual(1);
      expect(trained.body.features).toContain('variety');
      expect(trained.body.feature_types).toContainEqual({ name: 'variety', type: 'categorical' });

      // The file still holds sepal.length (the target): it is ignored, variety is a feature now.
      const res = await predictOk(platform, { model_name: 'sepal', columns_to_drop: '' });
      const actual = column(truth, 'sepal.length').map(Number);
      expect(res.body.predictions).toHaveLength(30);
      for (const p of res.body.predictions) expect(typeof p).toBe('number');
      const mae = res.body.predictions.reduce((sum: number, p: number, i: number) => sum + Math.abs(p - actual[i]), 0) / 30;
      expect(mae).toBeLessThan(0.5);
    });
  });

  describe('samples/customer_churn.csv (text columns and blanks, binary target churned)', () => {
    it('should one-hot encode the text columns, impute the blanks and predict Yes/No', async () => {
      const trained = await trainOk(
        platform,
        { model_name: 'churn', target_column: 'churned', columns_to_drop: '["customer_id"]' },
        csvPart(CHURN),
      );
      expect(trained.body).toMatchObject({ model_name: 'churn', version: 1, n_rows: 500, target_column: 'churned' });
      expect([...trained.body.class_labels].sort()).toEqual(['No', 'Yes']);
      expect(trained.body.features).not.toContain('customer_id');
      expect(trained.body.features).not.toContain('churned');
      expect(trained.body.feature_types).toContainEqual({ name: 'contract', type: 'categorical' });
      expect(trained.body.feature_types).toContainEqual({ name: 'tenure_months', type: 'numeric' });
      // 75% of the rows are "No": a model below that learned nothing.
      expect(trained.body.metrics.accuracy).toBeGreaterThanOrEqual(0.7);

      // The predict file has blanks and an extra customer_id column, and no target.
      const res = await predictOk(platform, { model_name: 'churn', columns_to_drop: '' }, csvPart(CHURN_PREDICT));
      expect(res.body).toMatchObject({ model_name: 'churn', model_version: 1 });
      expect(res.body.predictions).toHaveLength(readCsv(CHURN_PREDICT).rows.length);
      for (const p of res.body.predictions) expect(['No', 'Yes']).toContain(p);
    });

    it('should train LogisticRegression on it too', async () => {
      const trained = await trainOk(
        platform,
        { model_name: 'churn-lr', model_type: 'LogisticRegression', model_params: '{}', target_column: 'churned', columns_to_drop: 'customer_id' },
        csvPart(CHURN),
      );
      expect(trained.body.metrics.accuracy).toBeGreaterThanOrEqual(0.7);
      const res = await predictOk(platform, { model_name: 'churn-lr', columns_to_drop: '' }, csvPart(CHURN_PREDICT));
      for (const p of res.body.predictions) expect(['No', 'Yes']).toContain(p);
    });
  });
});
