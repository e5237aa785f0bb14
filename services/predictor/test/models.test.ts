import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ModelDetailSchema, ModelListSchema, ModelMetadataSchema, VersionListSchema } from '@tabula/contracts';
import { decodeModelExport } from '@tabula/model-store';
import request from 'supertest';
import { readBytes } from './read-body.js';
import { createTempPredictor, storeVersion, trainIris, type TempPredictor, type TrainedIris } from './temp-predictor.js';

// The read side of the registry, straight from the volume: what is stored, one version's
// metadata, and a version as a download that the store can read back.

describe('the predictor app: stored models', () => {
  let predictor: TempPredictor;
  let trained: TrainedIris;

  beforeAll(async () => {
    predictor = await createTempPredictor();
    trained = await trainIris(5);
    await storeVersion(predictor.store, 'iris', trained);
    await storeVersion(predictor.store, 'iris', trained);
  });
  afterAll(() => predictor.close());

  it('GET /models should list each model with its latest version', async () => {
    const res = await request(predictor.app).get('/models');
    expect(res.status).toBe(200);
    expect(ModelListSchema.parse(res.body).models).toEqual([expect.objectContaining({ model_name: 'iris', latest_version: 2, n_versions: 2 })]);
  });

  it('GET /models/{name} and its versions should describe every version and what serves by default', async () => {
    const detail = await request(predictor.app).get('/models/iris');
    expect(detail.status).toBe(200);
    expect(ModelDetailSchema.parse(detail.body)).toMatchObject({ latest_version: 2, default_version: 2, aliases: {} });
    const versions = await request(predictor.app).get('/models/iris/versions');
    expect(VersionListSchema.parse(versions.body).versions.map((v) => v.version)).toEqual([1, 2]);
  });

  it('GET /models/{name}/versions/{ref} should answer the metadata of the version a ref names', async () => {
    const res = await request(predictor.app).get('/models/iris/versions/latest');
    expect(res.status).toBe(200);
    expect(ModelMetadataSchema.parse(res.body)).toMatchObject({ model_name: 'iris', version: 2, metrics: trained.draft('iris').metrics });
  });

  it('GET /models/{name}/versions/{ref}/export should download the version as one file the store reads back', async () => {
    const res = await request(predictor.app).get('/models/iris/versions/1/export').buffer(true).parse(readBytes);
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({ 'content-disposition': 'attachment; filename="iris-v1.tabula-model"', 'x-model-version': '1' });
    const { header, files } = decodeModelExport(res.body as Buffer);
    expect(header.metadata).toMatchObject({ model_name: 'iris', version: 1 });
    expect(Object.keys(files).sort()).toEqual(Object.keys(trained.files).sort());
  });

  it('should answer 404 VERSION_NOT_FOUND for a version never stored', async () => {
    const res = await request(predictor.app).get('/models/iris/versions/7');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('VERSION_NOT_FOUND');
  });
});
