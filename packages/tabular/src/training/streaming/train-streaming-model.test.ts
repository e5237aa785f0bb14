import { describe, expect, it } from '@jest/globals';
import { parseModelParams, type ModelType } from '@tabula/contracts';
import { parseCsv } from '../../csv/parse-csv.js';
import type { Frame } from '../../frame.js';
import { buildInputSchema } from '../../signature/build-input-schema.js';
import { describeInputs } from '../../signature/describe-inputs.js';
import { loadTabularModel } from '../../tabular-model.js';
import { trainTabularModel } from '../train-tabular-model.js';
import { createUniformRng } from '../training-rng.js';
import { trainStreamingModel, type StreamingTrainInput } from './train-streaming-model.js';

/** A numeric CSV with a few missing cells, a class label that depends on the features, and a regression target. */
function makeCsv(nRows: number, seed: number): string {
  const rng = createUniformRng(seed);
  const lines = ['a,b,c,d,label,amount'];
  for (let row = 0; row < nRows; row++) {
    const [a, b, c, d] = [rng() * 10, rng() * 4 - 2, Math.floor(rng() * 7), rng()];
    const label = a + 3 * b + (rng() - 0.5) * 2 > 5 ? 'yes' : c > 4 ? 'maybe' : 'no';
    const cell = (x: number) => (rng() < 0.02 ? 'NA' : String(Math.round(x * 1000) / 1000));
    lines.push([cell(a), cell(b), String(c), cell(d), label, String(Math.round((a * b + c) * 100) / 100)].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The first nRows rows of a frame. */
function sampleOf(frame: Frame, nRows: number): Frame {
  return { columns: frame.columns, nRows, values: frame.values.map((cells) => cells.slice(0, nRows)) };
}

/** The text as a byte stream of small chunks, so the batches cut records at every kind of place. */
function sourceOf(text: string): () => AsyncIterable<Uint8Array> {
  const bytes = Buffer.from(text);
  return async function* () {
    for (let offset = 0; offset < bytes.length; offset += 997) yield bytes.subarray(offset, offset + 997);
  };
}

const input = (text: string, modelType: ModelType, targetColumn: string, rest: Partial<StreamingTrainInput> = {}): StreamingTrainInput => ({
  openSource: sourceOf(text),
  targetColumn,
  columnsToDrop: targetColumn === 'label' ? ['amount'] : ['label'],
  spec: parseModelParams(modelType, { random_state: 3, n_estimators: 15 }),
  testSize: 0.2,
  csv: { targetBytes: 8 * 1024 },
  ...rest,
});

describe('trainStreamingModel(input)', () => {
  const text = makeCsv(3_000, 1);

  for (const [modelType, targetColumn] of [['RandomForestClassifier', 'label'], ['RandomForestRegressor', 'amount']] as const) {
    it(`should fit the in-memory path's ${modelType} when the sample holds every row`, async () => {
      const frame = await parseCsv(text);
      const streamed = await trainStreamingModel(input(text, modelType, targetColumn));
      const spec = parseModelParams(modelType, { random_state: 3, n_estimators: 15 });
      const columnsToDrop = targetColumn === 'label' ? ['amount'] : ['label'];
      const inMemory = trainTabularModel({ frame, targetColumn, columnsToDrop, spec, testSize: 0.2 });
      expect(streamed).not.toBeNull();
      // Same split, medians and edges, so the same bins and trees: predictions equal to the last bit.
      const returnProba = modelType === 'RandomForestClassifier';
      expect(streamed?.model.predict(frame, { returnProba })).toEqual(inMemory.model.predict(frame, { returnProba }));
      expect(streamed?.metrics).toEqual(inMemory.metrics);
      expect(streamed?.featureImportance).toEqual(inMemory.featureImportance);
      expect(streamed).toMatchObject({ nTrain: inMemory.nTrain, nTest: inMemory.nTest, classLabels: inMemory.classLabels, features: inMemory.features });
      expect(streamed?.dataReport.columns.map(({ name, missing, min, max }) => ({ name, missing, min, max }))).toEqual(
        inMemory.dataReport.columns.map(({ name, missing, min, max }) => ({ name, missing, min, max })),
      );
      expect(streamed?.dataset).toMatchObject({ bytes: Buffer.byteLength(text), n_rows: 3_000, n_columns: 6 });
    });
  }

  it('should stay close to the in-memory model when the sample is a fraction of the rows', async () => {
    const frame = await parseCsv(text);
    const spec = parseModelParams('RandomForestClassifier', { random_state: 3, n_estimators: 15 });
    const inMemory = trainTabularModel({ frame, targetColumn: 'label', columnsToDrop: ['amount'], spec, testSize: 0.2 });
    const streamed = await trainStreamingModel(input(text, 'RandomForestClassifier', 'label', { sampleMaxRows: 400, maxEvalRows: 300 }));
    // Edges from 400 sampled rows instead of all 2,400 move thresholds within a bin, so some rows near a cut flip.
    const a = streamed?.model.predict(frame).predictions ?? [];
    const b = inMemory.model.predict(frame).predictions;
    const agreement = a.filter((label, row) => label === b[row]).length / b.length;
    expect(agreement).toBeGreaterThan(0.9);
    expect(streamed?.metrics.accuracy).toBeGreaterThan(inMemory.metrics.accuracy - 0.05);
    expect(streamed?.engineOptions.streaming).toEqual({ passes: 2, sample_rows: expect.any(Number), evaluation_rows: 300 });
  });

  it('should grow the same trees for a random_state when a forest budget is given but fully grown trees fit it', async () => {
    const frame = await parseCsv(text);
    const unbounded = await trainStreamingModel(input(text, 'RandomForestClassifier', 'label'));
    const budgeted = await trainStreamingModel(input(text, 'RandomForestClassifier', 'label', { forestBudgetBytes: 256 * 1024 * 1024 }));
    expect(budgeted?.forestSizeBound).toBeNull();
    expect(budgeted?.engineOptions.forest_size_bound).toBeUndefined();
    expect(budgeted?.model.serialize()).toEqual(unbounded?.model.serialize());
    expect(budgeted?.model.predict(frame, { returnProba: true })).toEqual(unbounded?.model.predict(frame, { returnProba: true }));
  });

  it('should raise min_samples_leaf to keep the trees within a small forest budget, and record what was asked and why', async () => {
    const forestBudgetBytes = 100_000;
    const bounded = await trainStreamingModel(input(text, 'RandomForestClassifier', 'label', { forestBudgetBytes }));
    const bound = bounded?.forestSizeBound;
    // 15 trees of 3-class nodes (45 bytes each) on 2,400 rows: about 1,517 distinct rows a tree, 74 leaves allowed.
    expect(bound).toEqual({ budget_mb: 0.1, asked: { min_samples_leaf: 1, max_depth: null }, applied: { min_samples_leaf: 21 }, reason: expect.stringContaining('min_samples_leaf was raised from 1 to 21') });
    expect(bounded?.engineOptions).toMatchObject({ minSamplesLeaf: 21, forest_size_bound: bound });
    const files = bounded?.model.serialize() ?? {};
    const nodeFiles = Object.keys(files).filter((name) => /^forest\.(feature|threshold|missingLeft|left|right|value)\./.test(name));
    expect(nodeFiles).toHaveLength(6);
    expect(nodeFiles.reduce((bytes, name) => bytes + files[name].byteLength, 0)).toBeLessThanOrEqual(forestBudgetBytes);
  });

  it("should give the whole file's input schema (required, min, max) even when the sample is a fraction of the rows", async () => {
    const frame = await parseCsv(text);
    const streamed = await trainStreamingModel(input(text, 'RandomForestClassifier', 'label', { sampleMaxRows: 400 }));
    const features = streamed?.features ?? [];
    expect(streamed?.inputs.input_schema).toEqual(buildInputSchema(frame, features));
    // The 400 sampled rows see a narrower range than the file has, which the schema would then call out of range.
    expect(describeInputs(sampleOf(frame, 400), features).input_schema).not.toEqual(streamed?.inputs.input_schema);
    expect(streamed?.inputs.input_example?.length).toBeGreaterThan(0);
  });

  it('should save a model that loads as any other', async () => {
    const streamed = await trainStreamingModel(input(text, 'RandomForestClassifier', 'label'));
    const frame = await parseCsv(text);
    const loaded = loadTabularModel(streamed?.model.serialize() ?? {});
    expect(loaded.predict(frame)).toEqual(streamed?.model.predict(frame));
  });

  it('should report the rows of each pass', async () => {
    const stages: string[] = [];
    await trainStreamingModel(input(text, 'RandomForestRegressor', 'amount', { onProgress: (p) => stages.push(`${p.stage}:${p.unit ?? ''}`) }));
    expect(new Set(stages)).toEqual(new Set(['parsing:rows', 'binning:rows', 'fitting:trees', 'evaluating:']));
  });

  it('should answer null for a text feature, which is fitted in memory', async () => {
    const withText = text.replace('\n1', '\nx1');
    expect(await trainStreamingModel(input(withText, 'RandomForestClassifier', 'label'))).toBeNull();
  });

  it('should name the row of a regression target that is not a number', async () => {
    const bad = `${text}1,1,1,1,no,lots\n`;
    await expect(trainStreamingModel(input(bad, 'RandomForestRegressor', 'amount'))).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('row 3001') });
  });
});
