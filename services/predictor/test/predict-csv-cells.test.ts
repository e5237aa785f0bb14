import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createTempPredictor, storeVersion, trainIris, type TempPredictor } from './temp-predictor.js';

// A CSV upload's numeric features are read from bytes to numbers (the model knows which columns are
// numeric): every way of writing a number must score as the number does, and a cell that is none
// must still be named, as when every cell was a string.

const COLUMNS = 'sepal.length,sepal.width,petal.length,petal.width';

describe('the predictor app: numeric cells of a CSV upload', () => {
  let predictor: TempPredictor;

  beforeAll(async () => {
    predictor = await createTempPredictor();
    await storeVersion(predictor.store, 'iris', await trainIris(10));
  });
  afterAll(() => predictor.close());

  const predictCsv = (csv: string) => request(predictor.app).post('/predict?model_name=iris&return_proba=true').attach('input_file', Buffer.from(csv), 'rows.csv');

  it('should score numbers written in any notation, quoted, padded or missing as the JSON numbers score', async () => {
    const csv = `${COLUMNS}\n6.3, 3.3 ,"6.0",2.5\n+6.30,3.3e0,6,.25e1\n5.1,3.5,1.4,NA\n5.1,3.5,1.4,\n`;
    const records = [
      { 'sepal.length': 6.3, 'sepal.width': 3.3, 'petal.length': 6, 'petal.width': 2.5 },
      { 'sepal.length': 6.3, 'sepal.width': 3.3, 'petal.length': 6, 'petal.width': 2.5 },
      { 'sepal.length': 5.1, 'sepal.width': 3.5, 'petal.length': 1.4, 'petal.width': null },
      { 'sepal.length': 5.1, 'sepal.width': 3.5, 'petal.length': 1.4, 'petal.width': null },
    ];
    const fromCsv = await predictCsv(csv);
    // Missing values break iris' input schema (no training row lacked one): JSON records are scored anyway with warn, as a CSV upload's are.
    const fromJson = await request(predictor.app).post('/predict_batch?model_name=iris&return_proba=true&schema_enforcement=warn').send(records);
    expect(fromCsv.status).toBe(200);
    expect(fromJson.status).toBe(200);
    expect(fromCsv.body.predictions).toEqual(fromJson.body.predictions);
    expect(fromCsv.body.probabilities).toEqual(fromJson.body.probabilities);
  });

  it('should name a cell that is not a number by its row, column and text', async () => {
    const res = await predictCsv(`${COLUMNS}\n6.3,3.3,6.0,2.5\n6.3, 0x1f ,6.0,2.5\n`);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'INVALID_VALUE' });
    expect(res.body.error.message).toMatch(/^Row 2, column "sepal.width": "0x1f" is not a number/);
  });
});
