import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { JobAcceptedSchema, JobSchema, TrainResponseSchema } from '@tabula/contracts';
import { loadTabularModel, parseCsvFile } from '@tabula/tabular';
import { IRIS_CSV, IRIS_FORM, postIris, testTrainer, waitForJob, type TestTrainer } from './test-trainer.js';

// TRAINER_STREAMING_MIN_MB=0 sends every eligible file down the streaming path; the default keeps iris in memory.
let streaming: TestTrainer;
let inMemory: TestTrainer;

beforeAll(async () => {
  [streaming, inMemory] = await Promise.all([testTrainer({ TRAINER_STREAMING_MIN_MB: '0' }), testTrainer()]);
});

afterAll(async () => {
  await Promise.all([streaming.close(), inMemory.close()]);
});

describe('POST /train of a file past TRAINER_STREAMING_MIN_MB', () => {
  it('should train a forest in two passes, to the model the in-memory path fits on a file this small', async () => {
    const [fromStream, fromMemory] = await Promise.all([postIris(streaming.app).expect(201), postIris(inMemory.app).expect(201)]);
    const [streamed, held] = [TrainResponseSchema.parse(fromStream.body), TrainResponseSchema.parse(fromMemory.body)];
    expect(streamed.metrics).toEqual(held.metrics);
    expect(streamed).toMatchObject({ n_rows: 150, n_train: held.n_train, n_test: held.n_test, class_labels: held.class_labels });

    const metadata = await streaming.store.readMetadata('iris', streamed.version);
    expect(metadata.params.engine_options).toMatchObject({ trainer: 'trainForestOnBinsSync', streaming: { passes: 2, evaluation_rows: held.n_test } });
    const reference = await inMemory.store.readMetadata('iris', held.version);
    expect(metadata.dataset).toEqual(reference.dataset);
    expect(metadata.drift_reference).toEqual(reference.drift_reference);
    // The input schema comes from pass 1's figures over every row: what the in-memory path finds on the whole frame.
    expect(metadata.signature.input_schema).toEqual(reference.signature.input_schema);
    expect(metadata.signature.input_example).toEqual(reference.signature.input_example);

    // The stored files are the usual model format: loaded as the predictor loads any version, they score as the in-memory model.
    const frame = await parseCsvFile(IRIS_CSV);
    const model = loadTabularModel(await streaming.store.readArtifacts('iris', streamed.version));
    const other = loadTabularModel(await inMemory.store.readArtifacts('iris', held.version));
    expect(model.predict(frame, { returnProba: true })).toEqual(other.predict(frame, { returnProba: true }));
  });

  it('should run as an async job that ends with the version', async () => {
    const res = await postIris(streaming.app, { ...IRIS_FORM, model_name: 'iris-job' }, '/train?async=true').expect(202);
    const job = JobSchema.parse(await waitForJob(streaming.app, JobAcceptedSchema.parse(res.body).job_id));
    expect(job).toMatchObject({ status: 'succeeded', progress: { stage: 'done' } });
  });

  it('should train in memory what the streaming path does not fit (cv), as before', async () => {
    const res = await postIris(streaming.app, { ...IRIS_FORM, model_name: 'iris-cv', cv: '3' }).expect(201);
    const metadata = await streaming.store.readMetadata('iris-cv', TrainResponseSchema.parse(res.body).version);
    expect(metadata.params.engine_options).toMatchObject({ trainer: 'trainForestSync' });
  });

  // A spreadsheet's ";" and decimal commas: the passes read the spooled bytes in the dialect the probe detected.
  const semicolonIris = readFileSync(IRIS_CSV, 'utf8').replace(/,/g, ';').replace(/(\d)\.(\d)/g, '$1,$2');
  const postBytes = (name: string, bytes: Buffer) => {
    const req = request(streaming.app).post('/train');
    for (const [field, value] of Object.entries({ ...IRIS_FORM, model_name: name })) void req.field(field, value);
    return req.attach('dataset_file', bytes, 'upload.bin');
  };

  it('should stream a CSV in its detected dialect, to the model the comma-separated file trains', async () => {
    const [semicolon, comma] = await Promise.all([postBytes('iris-semicolon', Buffer.from(semicolonIris)).expect(201), postIris(inMemory.app, { ...IRIS_FORM, model_name: 'iris-comma' }).expect(201)]);
    expect(semicolon.body.metrics).toEqual(comma.body.metrics);
    const metadata = await streaming.store.readMetadata('iris-semicolon', TrainResponseSchema.parse(semicolon.body).version);
    expect(metadata.params.engine_options).toMatchObject({ trainer: 'trainForestOnBinsSync' });
    expect(metadata.dataset.format).toMatchObject({ type: 'csv', compression: 'none', dialect: { delimiter: ';', decimal: ',' } });
  });

  it('should train a compressed upload in memory (the passes read uncompressed bytes only), recording its format', async () => {
    const res = await postBytes('iris-gzip', gzipSync(readFileSync(IRIS_CSV))).expect(201);
    const metadata = await streaming.store.readMetadata('iris-gzip', TrainResponseSchema.parse(res.body).version);
    expect(metadata.params.engine_options).toMatchObject({ trainer: 'trainForestSync' });
    expect(metadata.dataset.format).toMatchObject({ type: 'csv', compression: 'gzip' });
  });
});

describe('POST /train on the streaming path past TRAINER_STREAMING_FOREST_MB', () => {
  let bounded: TestTrainer;
  beforeAll(async () => {
    // 0.01 MB for 10 trees of 3-class nodes on iris's 120 training rows: about 11 leaves a tree.
    bounded = await testTrainer({ TRAINER_STREAMING_MIN_MB: '0', TRAINER_STREAMING_FOREST_MB: '0.01' });
  });
  afterAll(() => bounded.close());

  it('should raise min_samples_leaf to fit the budget and say so in the answer, params.applied and engine_options', async () => {
    const res = await postIris(bounded.app, { ...IRIS_FORM, model_name: 'iris-bounded' }).expect(201);
    const trained = TrainResponseSchema.parse(res.body);
    const bound = { budget_mb: 0.01, asked: { min_samples_leaf: 1, max_depth: null }, applied: { min_samples_leaf: 7 }, reason: expect.stringContaining('raised from 1 to 7') };
    expect(trained.forest_size_bound).toEqual(bound);
    const metadata = await bounded.store.readMetadata('iris-bounded', trained.version);
    expect(metadata.params.given).toEqual({ n_estimators: 10 });
    expect(metadata.params.applied).toMatchObject({ n_estimators: 10, min_samples_leaf: 7 });
    expect(metadata.params.engine_options).toMatchObject({ minSamplesLeaf: 7, forest_size_bound: bound });
  });

  it('should grow the trees as asked when model_params set min_samples_leaf or max_depth', async () => {
    for (const [name, params] of [['iris-leaf', { min_samples_leaf: 1 }], ['iris-depth', { max_depth: 30 }]] as const) {
      const res = await postIris(bounded.app, { ...IRIS_FORM, model_name: name, model_params: JSON.stringify({ n_estimators: 10, ...params }) }).expect(201);
      const trained = TrainResponseSchema.parse(res.body);
      expect(trained.forest_size_bound).toBeUndefined();
      const metadata = await bounded.store.readMetadata(name, trained.version);
      expect(metadata.params.applied).toMatchObject({ min_samples_leaf: 1 });
      expect(metadata.params.engine_options).toMatchObject({ trainer: 'trainForestOnBinsSync', minSamplesLeaf: 1 });
      expect(metadata.params.engine_options.forest_size_bound).toBeUndefined();
    }
  });
});
