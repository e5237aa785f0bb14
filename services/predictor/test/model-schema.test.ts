import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ErrorBodySchema, ModelSchemaResponseSchema, PredictResponseSchema } from '@tabula/contracts';
import { describeInputs, parseCsvFile } from '@tabula/tabular';
import request from 'supertest';
import { IRIS_COLUMNS, IRIS_CSV, createTempPredictor, storeVersion, trainIris, type TempPredictor } from './temp-predictor.js';

// The model signature at the HTTP seam: GET …/schema from the store, and JSON predictions checked against it
// (strict: one 422 with every offending field; warn: scored, findings answered).

const SETOSA = { 'sepal.length': 5.1, 'sepal.width': 3.5, 'petal.length': 1.4, 'petal.width': 0.2 };

describe('the predictor app: model signature', () => {
  let predictor: TempPredictor;

  beforeAll(async () => {
    predictor = await createTempPredictor();
    const trained = await trainIris(5);
    // Version 1 as a training before schemas were stored writes it; version 2 as a training writes it now.
    await storeVersion(predictor.store, 'iris', trained);
    const draft = trained.draft('iris');
    const inputs = describeInputs(await parseCsvFile(IRIS_CSV), draft.signature.features);
    await predictor.store.createVersion({ ...draft, signature: { ...draft.signature, ...inputs } }, trained.files);
  });
  afterAll(() => predictor.close());

  const postJson = (path: string, body: unknown) => request(predictor.app).post(path).send(body as object).set('content-type', 'application/json');

  describe('GET /models/{name}/versions/{version}/schema', () => {
    it('should answer the stored schema and example of the version a ref names', async () => {
      const res = await request(predictor.app).get('/models/iris/versions/latest/schema');

      expect(res.status).toBe(200);
      const schema = ModelSchemaResponseSchema.parse(res.body);
      expect(schema).toMatchObject({ model_name: 'iris', model_version: 2, derived: false, target_column: 'variety', columns_dropped: [] });
      expect(schema.input_schema.columns).toEqual(IRIS_COLUMNS.map((name) => expect.objectContaining({ name, type: 'numeric', required: true })));
      expect(schema.input_schema.columns[0]).toMatchObject({ min: 4.3, max: 7.9 });
      expect(schema.input_example).toEqual([expect.objectContaining({ 'sepal.length': 5.1 }), expect.any(Object), expect.any(Object)]);
    });

    it('should derive a schema from the features of a version trained before schemas were stored, and say so', async () => {
      const res = await request(predictor.app).get('/models/iris/versions/1/schema');

      expect(res.status).toBe(200);
      expect(ModelSchemaResponseSchema.parse(res.body)).toMatchObject({ model_version: 1, derived: true, input_example: null });
      expect(res.body.input_schema.columns).toHaveLength(4);
    });

    it('should answer 404 VERSION_NOT_FOUND for a version never stored, and MODEL_NOT_FOUND for a model', async () => {
      expect((await request(predictor.app).get('/models/iris/versions/9/schema')).body.error.code).toBe('VERSION_NOT_FOUND');
      expect((await request(predictor.app).get('/models/nope/versions/1/schema')).body.error.code).toBe('MODEL_NOT_FOUND');
    });

    it('should give an example that scores as it is', async () => {
      const { body } = await request(predictor.app).get('/models/iris/versions/2/schema');
      const res = await postJson('/predict_batch?model_name=iris&model_version=2', body.input_example);

      expect(res.status).toBe(200);
      expect(PredictResponseSchema.parse(res.body).predictions).toHaveLength(3);
      expect(res.body.warnings).toBeUndefined();
    });
  });

  describe('JSON predictions checked against the schema', () => {
    const BAD = [SETOSA, { ...SETOSA, 'sepal.width': 'wide', 'petal.width': null }, { ...SETOSA, 'petal.length': 'long' }];

    it('should refuse records that break it with one 422 naming every offending field', async () => {
      const res = await postJson('/predict_batch?model_name=iris&model_version=2', BAD);

      expect(res.status).toBe(422);
      const { error } = ErrorBodySchema.parse(res.body);
      expect(error.code).toBe('INVALID_VALUE');
      expect(error.details).toEqual([
        { path: 'row 2.sepal.width', message: 'wrong_type: "wide" is not a number' },
        { path: 'row 2.petal.width', message: 'missing_value: is required (training had a value in every row) and is missing' },
        { path: 'row 3.petal.length', message: 'wrong_type: "long" is not a number' },
      ]);
      expect(error.message).toContain('3 fields break the input schema of model "iris" version 2');
    });

    it('should check MLflow bodies the same way', async () => {
      const split = { dataframe_split: { columns: IRIS_COLUMNS, data: [[5.1, 'x', 1.4, 0.2]] } };
      const res = await postJson('/predict?model_name=iris&model_version=2', split);

      expect(res.status).toBe(422);
      expect(res.body.error.details).toEqual([{ path: 'row 1.sepal.width', message: 'wrong_type: "x" is not a number' }]);
    });

    it('should answer MISSING_COLUMN when a required column is absent from every record', async () => {
      const { 'petal.width': _left, ...three } = SETOSA;
      const res = await postJson('/predict?model_name=iris&model_version=2', three);

      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({ code: 'MISSING_COLUMN', details: [{ path: 'petal.width', message: expect.stringContaining('missing_value') }] });
    });

    it('with schema_enforcement=warn should score anyway and answer every finding as a warning', async () => {
      const res = await postJson('/predict_batch?model_name=iris&model_version=2&schema_enforcement=warn', [...BAD, { ...SETOSA, 'sepal.length': 40, colour: 'red' }]);

      expect(res.status).toBe(200);
      const answer = PredictResponseSchema.parse(res.body);
      expect(answer.predictions).toHaveLength(4);
      expect(answer.warnings?.map((w) => [w.row, w.column, w.rule])).toEqual([
        [undefined, 'colour', 'unknown_column'],
        [2, 'sepal.width', 'wrong_type'],
        [2, 'petal.width', 'missing_value'],
        [3, 'petal.length', 'wrong_type'],
        [4, 'sepal.length', 'out_of_range'],
      ]);
    });

    it('with strict should score a value outside the training range as before, with no warnings in the answer', async () => {
      const res = await postJson('/predict?model_name=iris&model_version=2', { ...SETOSA, 'sepal.length': 40 });

      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['model_name', 'model_version', 'prediction']);
    });

    it('should refuse an unknown schema_enforcement with 400 naming it', async () => {
      const res = await postJson('/predict?model_name=iris&schema_enforcement=lenient', SETOSA);

      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('schema_enforcement');
    });
  });
});
