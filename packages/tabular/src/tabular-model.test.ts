import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { TabulaError, parseModelParams, type ModelType } from '@tabula/contracts';
import { frameFromRecords } from './frame.js';
import { MODEL_FILE_NAME, describeModelArrays } from './model-file.js';
import { parseCsvFile } from './csv/parse-csv.js';
import { loadTabularModel, type Prediction } from './tabular-model.js';
import { catchError } from './test-fixtures/catch-error.js';
import { fixturePath } from './test-fixtures/fixture-path.js';
import { makeImbalancedFrame } from './test-fixtures/make-imbalanced-frame.js';
import { trainTabularModel } from './training/train-tabular-model.js';

const iris = await parseCsvFile(fixturePath('iris.csv'));
const trainIris = (modelType: ModelType, targetColumn = 'variety') => {
  const params = modelType === 'LogisticRegression' ? { random_state: 1 } : { random_state: 1, n_estimators: 25 };
  return trainTabularModel({ frame: iris, targetColumn, columnsToDrop: [], spec: parseModelParams(modelType, params), testSize: 0.2 }).model;
};
const classifier = trainIris('RandomForestClassifier');

/** tests/fixtures/model-format-1 of the repository, found from wherever this compiled test sits. */
const FORMAT_1_DIR = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 8 && !existsSync(join(dir, 'pnpm-workspace.yaml')); depth++) dir = dirname(dir);
  return join(dir, 'tests', 'fixtures', 'model-format-1');
})();

/** A committed format-1 version's artifacts (its model.json), as the store reads them. */
const readFormat1Version = (name: string): Record<string, Uint8Array> => ({
  [MODEL_FILE_NAME]: new Uint8Array(readFileSync(join(FORMAT_1_DIR, name, '1', MODEL_FILE_NAME))),
});

/** A copy of a float64 file with value `index` replaced. */
function withFloat(bytes: Uint8Array, index: number, value: number): Uint8Array {
  const copy = new Float64Array(new Uint8Array(bytes).buffer);
  copy[index] = value;
  return new Uint8Array(copy.buffer);
}

function errorOf(run: () => unknown, code: string): TabulaError {
  const error = catchError(run);
  expect(error).toBeInstanceOf(TabulaError);
  expect(error).toMatchObject({ code });
  return error as TabulaError;
}

describe('TabularModel', () => {
  describe('.serialize() and loadTabularModel(files)', () => {
    const cases: Array<[ModelType, string]> = [
      ['RandomForestClassifier', 'variety'],
      ['LogisticRegression', 'variety'],
      ['RandomForestRegressor', 'petal.width'],
    ];
    for (const [modelType, target] of cases) {
      it(`should rebuild a ${modelType} that predicts exactly as the original`, () => {
        const model = modelType === 'RandomForestClassifier' ? classifier : trainIris(modelType, target);
        const files = model.serialize();
        // Format 2: model.json, then one raw file per engine array (none for an ml.js model).
        expect(Object.keys(files)).toEqual([MODEL_FILE_NAME, ...Object.keys(describeModelArrays(files))]);
        expect(files[MODEL_FILE_NAME]).toBeInstanceOf(Uint8Array);
        const loaded = loadTabularModel(files);
        expect([loaded.modelType, loaded.task, loaded.features, loaded.classLabels]).toEqual([model.modelType, model.task, model.features, model.classLabels]);
        const returnProba = model.task === 'classification';
        expect(loaded.predict(iris, { returnProba })).toEqual(model.predict(iris, { returnProba }));
        expect(loaded.serialize()).toEqual(files);
      });
    }

    it('should report a missing, unreadable or inconsistent model.json as MODEL_CORRUPT', () => {
      const good = JSON.parse(new TextDecoder().decode(classifier.serialize()[MODEL_FILE_NAME])) as Record<string, unknown>;
      const encode = (json: unknown) => ({ [MODEL_FILE_NAME]: new TextEncoder().encode(JSON.stringify(json)) });
      expect(errorOf(() => loadTabularModel({}), 'MODEL_CORRUPT').message).toContain('model.json is missing');
      expect(errorOf(() => loadTabularModel({ [MODEL_FILE_NAME]: new TextEncoder().encode('{"trunc') }), 'MODEL_CORRUPT').message).toContain('not valid JSON');
      const future = errorOf(() => loadTabularModel(encode({ ...good, format_version: 3 })), 'MODEL_CORRUPT');
      expect(future.status).toBe(500);
      expect(future.details?.[0].path).toBe('format_version');
      const estimator = good.estimator as Record<string, unknown>;
      const wider = errorOf(() => loadTabularModel(encode({ ...good, estimator: { ...estimator, nFeatures: 9 } })), 'MODEL_CORRUPT');
      expect(wider.message).toContain('the preprocessing makes 4');
      const broken = { ...good, estimator: { ...estimator, forest: Buffer.from('not a forest at all').toString('base64') } };
      expect(errorOf(() => loadTabularModel(encode(broken)), 'MODEL_CORRUPT').message).toContain('tabula-forest state');
      const mljs = trainTabularModel({ frame: iris, targetColumn: 'variety', columnsToDrop: [], spec: parseModelParams('RandomForestClassifier', { random_state: 1, n_estimators: 3, engine: 'mljs' }), testSize: 0.2 }).model;
      const mljsGood = JSON.parse(new TextDecoder().decode(mljs.serialize()[MODEL_FILE_NAME])) as Record<string, unknown>;
      const mljsBroken = { ...mljsGood, estimator: { ...(mljsGood.estimator as Record<string, unknown>), forest: { name: 'RFClassifier', baseModel: { estimators: [{ name: 'nope' }] } } } };
      expect(errorOf(() => loadTabularModel(encode(mljsBroken)), 'MODEL_CORRUPT').message).toContain('mljs-random-forest state');
    });
  });

  describe('.memoryBytes', () => {
    it("should count a loaded forest's arrays and walk tables, more than its files", () => {
      const files = classifier.serialize();
      const arrayBytes = Object.keys(describeModelArrays(files)).reduce((sum, file) => sum + files[file].byteLength, 0);
      const loaded = loadTabularModel(files);
      // The arrays (views over their files) + 255 edges of 8 bytes per input; no text is kept.
      const floor = arrayBytes + 4 * 255 * 8;
      expect(loaded.memoryBytes).toBeGreaterThan(floor);
      expect(loaded.memoryBytes).toBeLessThan(floor * 1.5);
      expect(loaded.memoryBytes).toBeGreaterThan(Object.values(files).reduce((sum, bytes) => sum + bytes.byteLength, 0));
    });

    it('should count a format-1 forest by its decoded arrays, not the base64 text it was read from', () => {
      const files = readFormat1Version('churn-forest');
      const { forest: base64, nFeatures } = (JSON.parse(new TextDecoder().decode(files[MODEL_FILE_NAME])) as { estimator: { forest: string; nFeatures: number } }).estimator;
      const loaded = loadTabularModel(files);
      // Decoded arrays (3/4 of the base64) + 255 edges of 8 bytes per input (after one-hot encoding).
      const floor = (base64.length * 3) / 4 + nFeatures * 255 * 8;
      expect(loaded.memoryBytes).toBeGreaterThan(floor);
      // Walk tables add 8 bytes a node (a fifth of the arrays); the text itself would add 4/3 of them.
      expect(loaded.memoryBytes).toBeLessThan(floor + base64.length / 2);
    });
  });

  describe('loadTabularModel(files) of a version written in format 1', () => {
    const expected = JSON.parse(readFileSync(join(FORMAT_1_DIR, 'expected-predictions.json'), 'utf8')) as Record<string, { csv: string } & Prediction>;

    it.each(Object.keys(expected))('should load %s and predict exactly what the format-1 code predicted', async (name) => {
      const files = readFormat1Version(name);
      expect(JSON.parse(new TextDecoder().decode(files[MODEL_FILE_NAME]))).toMatchObject({ format_version: 1 });
      const loaded = loadTabularModel(files);
      const frame = await parseCsvFile(join(FORMAT_1_DIR, '..', '..', '..', expected[name].csv));
      const { csv: _csv, ...prediction } = expected[name];
      expect(loaded.predict(frame, { returnProba: loaded.classLabels !== null })).toEqual(prediction);
    });

    it('should save such a model again in format 2, which predicts the same', async () => {
      const loaded = loadTabularModel(readFormat1Version('churn-forest'));
      const files = loaded.serialize();
      expect(JSON.parse(new TextDecoder().decode(files[MODEL_FILE_NAME]))).toMatchObject({ format_version: 2 });
      expect(Object.keys(describeModelArrays(files))).toContain('forest.threshold.f64');
      const frame = await parseCsvFile(join(FORMAT_1_DIR, '..', '..', '..', expected['churn-forest'].csv));
      expect(loadTabularModel(files).predict(frame, { returnProba: true })).toEqual(loaded.predict(frame, { returnProba: true }));
    });
  });

  describe('loadTabularModel(files) of format-2 array files', () => {
    const files = classifier.serialize();
    const arrays = describeModelArrays(files);

    it('should list every engine array with its dtype and shape, and view the files in place', () => {
      const nNodes = files['forest.feature.i32'].byteLength / 4;
      expect(arrays).toMatchObject({
        'forest.feature.i32': { dtype: 'int32', shape: [nNodes] },
        'forest.threshold.f64': { dtype: 'float64', shape: [nNodes] },
        'forest.value.f64': { dtype: 'float64', shape: [nNodes, 3] },
      });
      const text = new TextDecoder().decode(files[MODEL_FILE_NAME]);
      // The small header stays in model.json; no array is in it.
      expect(JSON.parse(text)).toMatchObject({ estimator: { forest: { header: { format: 'tabula-forest', nNodes } } } });
      expect(text.length).toBeLessThan(files['forest.threshold.f64'].byteLength);
    });

    it.each<[string, (given: Record<string, Uint8Array>) => void, string]>([
      ['a missing array file', (given) => delete given['forest.threshold.f64'], 'array file forest.threshold.f64 is missing'],
      ['an array file cut short', (given) => (given['forest.left.u32'] = given['forest.left.u32'].slice(4)), 'array file forest.left.u32: expected'],
      // Node 0, the first tree's root, is a split.
      ['a NaN threshold', (given) => (given['forest.threshold.f64'] = withFloat(given['forest.threshold.f64'], 0, Number.NaN)), 'node 0 has threshold NaN'],
    ])('should report %s as MODEL_CORRUPT saying what is wrong', (_label, damage, says) => {
      const given = { ...files };
      damage(given);
      expect(errorOf(() => loadTabularModel(given), 'MODEL_CORRUPT').message).toContain(says);
    });
  });

  describe('.predict(frame, options)', () => {
    const rows = [
      { 'sepal.length': 5.1, 'sepal.width': 3.5, 'petal.length': 1.4, 'petal.width': 0.2 },
      { 'sepal.length': '6.7', 'sepal.width': '3.0', 'petal.length': '5.2', 'petal.width': '2.3', variety: 'ignored', extra: 1 },
      { 'sepal.length': 5.9, 'sepal.width': 3, 'petal.length': 4.2, 'petal.width': 1.5 },
    ];

    it('should keep row order and return labels as they were in the data', () => {
      expect(classifier.predict(frameFromRecords(rows)).predictions).toEqual(['Setosa', 'Virginica', 'Versicolor']);
      expect(classifier.predict(frameFromRecords([rows[2], rows[0]])).predictions).toEqual(['Versicolor', 'Setosa']);
    });

    it('should treat numbers and numeric strings alike', () => {
      const asStrings = rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, String(value)])));
      expect(classifier.predict(frameFromRecords(asStrings), { returnProba: true })).toEqual(classifier.predict(frameFromRecords(rows), { returnProba: true }));
    });

    it('should return per-row probabilities keyed by label', () => {
      const { probabilities } = classifier.predict(frameFromRecords(rows), { returnProba: true });
      expect(probabilities).toHaveLength(3);
      for (const row of probabilities ?? []) {
        expect(Object.keys(row)).toEqual(['Setosa', 'Versicolor', 'Virginica']);
        expect(Object.values(row).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
      }
      expect(probabilities?.[0].Setosa).toBeGreaterThan(0.9);
    });

    it('should return numeric class labels as numbers', () => {
      const frame = makeImbalancedFrame(200, 2);
      const model = trainTabularModel({ frame, targetColumn: 'label', columnsToDrop: [], spec: parseModelParams('LogisticRegression', { max_iter: 20 }), testSize: 0.25 }).model;
      const { predictions, probabilities } = model.predict(frame, { returnProba: true });
      expect(new Set(predictions)).toEqual(new Set([0, 1]));
      expect(Object.keys(probabilities?.[0] ?? {})).toEqual(['0', '1']);
    });

    it('should encode an unseen category instead of failing', () => {
      const frame = makeImbalancedFrame(200, 3);
      const model = trainTabularModel({ frame, targetColumn: 'label', columnsToDrop: [], spec: parseModelParams('RandomForestClassifier', { n_estimators: 10, random_state: 1 }), testSize: 0.25 }).model;
      const result = model.predict(frameFromRecords([{ x1: 0.1, x2: 0, x3: 1, group: 'never-seen' }, { x1: null, x2: null, x3: null, group: null }]));
      expect(result.predictions).toHaveLength(2);
    });

    it('should name every missing feature column', () => {
      const error = errorOf(() => classifier.predict(frameFromRecords([{ 'sepal.length': 1, variety: 'x' }])), 'MISSING_COLUMN');
      expect(error.status).toBe(422);
      expect(error.message).toContain('"sepal.width", "petal.length", "petal.width"');
    });

    it('should name the row, column and value of a bad number', () => {
      const bad = frameFromRecords([rows[0], { ...rows[2], 'petal.width': 'wide' }]);
      const error = errorOf(() => classifier.predict(bad), 'INVALID_VALUE');
      expect(error.message).toContain('Row 2, column "petal.width": "wide" is not a number');
    });

    it('should return nothing for no rows', () => {
      const empty = { columns: iris.columns, nRows: 0, values: iris.columns.map(() => []) };
      expect(classifier.predict(empty, { returnProba: true })).toEqual({ predictions: [], probabilities: [] });
    });

    it('should refuse probabilities from a regressor', () => {
      const regressor = trainIris('RandomForestRegressor', 'petal.width');
      expect(errorOf(() => regressor.predict(iris, { returnProba: true }), 'INVALID_INPUT').message).toContain('return_proba needs a classifier');
      expect(regressor.predict(iris).predictions.every((value) => typeof value === 'number')).toBe(true);
    });
  });
});
