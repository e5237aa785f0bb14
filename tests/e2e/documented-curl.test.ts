import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ModelMetadataSchema, PredictResponseSchema, TrainResponseSchema } from '@tabula/contracts';
import { column, readCsv } from '../support/csv.js';
import { expectStatus, findLeftovers, listModelsDir } from '../support/expectations.js';
import { curlForm, readRepoFile } from '../support/http.js';
import { usePlatform } from '../support/use-platform.js';
import { IRIS_FEATURES, IRIS_PREDICT, countAgreeing } from '../support/tabula.js';
import { itFolderOnly } from '../support/folder-only.js';

// The two calls of the README and issue 2, sent as curl sends them: the same parts in the same
// order, the file with `;type=text/csv`, and an empty columns_to_drop.
const TRAIN_CURL = [
  'dataset_file=@samples/iris.csv;type=text/csv',
  'model_type=RandomForestClassifier',
  'model_params={}',
  'target_column=variety',
  'columns_to_drop=',
];
const PREDICT_CURL = ['input_file=@samples/iris_predict.csv;type=text/csv', 'columns_to_drop=["variety"]'];

describe('the documented curl calls, through the gateway', () => {
  const platform = usePlatform();

  describe('POST /train with samples/iris.csv', () => {
    it('should answer 201 with version 1 of "default", its features, rows and held-out accuracy', async () => {
      const res = await curlForm(`${platform.gatewayUrl}/train`, TRAIN_CURL);

      expectStatus(res, 201);
      expect(TrainResponseSchema.safeParse(res.body).error?.issues ?? []).toEqual([]);
      expect(res.body).toMatchObject({
        model_name: 'default',
        version: 1,
        model_type: 'RandomForestClassifier',
        n_rows: 150,
        target_column: 'variety',
      });
      expect([...res.body.features].sort()).toEqual([...IRIS_FEATURES].sort());
      // The documented call sends no random_state, so the 30 held-out rows change with every run: over 300
      // seeds the accuracy went as low as 0.833 (5 of them under 0.85, the floor this test first had). The
      // floor sits below any draw seen; evaluation.test.ts checks the seeded quality against scikit-learn.
      expect(res.body.metrics.accuracy).toBeGreaterThanOrEqual(0.75);
      expect(res.body.metrics.accuracy).toBeLessThanOrEqual(1);
      expect(res.body.training_ms).toBeGreaterThanOrEqual(0);
      expect([...res.body.class_labels].sort()).toEqual(['Setosa', 'Versicolor', 'Virginica']);
      // 20% held out, stratified: 30 of 150 rows.
      expect([res.body.n_train, res.body.n_test]).toEqual([120, 30]);
    });
  });

  describe('POST /predict with samples/iris_predict.csv', () => {
    it('should answer one variety per row, in input row order, from version 1', async () => {
      const expected = column(readCsv(IRIS_PREDICT), 'variety');
      expect(expected.slice(0, 10)).toEqual(Array(10).fill('Setosa'));

      const res = await curlForm(`${platform.gatewayUrl}/predict`, PREDICT_CURL);

      expectStatus(res, 200);
      expect(PredictResponseSchema.safeParse(res.body).error?.issues ?? []).toEqual([]);
      expect(res.body).toMatchObject({ model_name: 'default', model_version: 1 });
      expect(res.body.predictions).toHaveLength(30);
      for (const prediction of res.body.predictions) expect(['Setosa', 'Versicolor', 'Virginica']).toContain(prediction);
      // Setosa is linearly separable: rows 1–10 must come back as Setosa, in place.
      expect(res.body.predictions.slice(0, 10)).toEqual(expected.slice(0, 10));
      expect(countAgreeing(res.body.predictions, expected)).toBeGreaterThanOrEqual(27);
    });
  });

  describe('the models dir after training', () => {
    itFolderOnly('should hold default/1/metadata.json that ModelMetadataSchema accepts', async () => {
      const path = join(platform.modelsDir, 'default', '1', 'metadata.json');
      const metadata = ModelMetadataSchema.parse(JSON.parse(await readFile(path, 'utf8')));

      expect(metadata).toMatchObject({ model_name: 'default', version: 1, model_type: 'RandomForestClassifier', task: 'classification' });
      expect(metadata.signature.target_column).toBe('variety');
      expect(metadata.signature.features.map((f) => f.name).sort()).toEqual([...IRIS_FEATURES].sort());
      expect(metadata.signature.features.every((f) => f.type === 'numeric')).toBe(true);
      expect(metadata.dataset.n_rows).toBe(150);
      const uploaded = readRepoFile('samples/iris.csv');
      expect(metadata.dataset).toMatchObject({ bytes: uploaded.length, sha256: createHash('sha256').update(uploaded).digest('hex') });
      expect(metadata.params.given).toEqual({});
      expect(metadata.params.applied).toMatchObject({ n_estimators: 100 });
      expect([...(metadata.signature.class_labels ?? [])].sort()).toEqual(['Setosa', 'Versicolor', 'Virginica']);
      for (const artifact of metadata.artifacts) {
        const file = await stat(join(platform.modelsDir, 'default', '1', artifact.file));
        expect({ file: artifact.file, bytes: file.size }).toEqual({ file: artifact.file, bytes: artifact.bytes });
      }
    });

    itFolderOnly('should keep only numbered version dirs and no temp dirs', async () => {
      const entries = await listModelsDir(platform.modelsDir);

      expect(findLeftovers(entries)).toEqual([]);
      expect(entries.filter((e) => /^default\/[^/]+\/$/.test(e))).toEqual(['default/1/']);
      expect(entries).toContain('default/1/metadata.json');
    });
  });
});
