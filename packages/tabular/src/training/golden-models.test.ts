import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { GOLDEN_CASES, goldenPath, trainGoldenCase } from '../test-fixtures/golden-cases.js';
import { loadTabularModel } from '../tabular-model.js';
import { parseCsvFile } from '../csv/parse-csv.js';
import { fixturePath } from '../test-fixtures/fixture-path.js';

/** The committed files of a case, as serialize() named them (predictions.json aside). */
function readGolden(name: (typeof GOLDEN_CASES)[number]): Record<string, Uint8Array> {
  const folder = dirname(goldenPath(name, 'model.json'));
  const names = readdirSync(folder).filter((file) => file !== 'predictions.json');
  return Object.fromEntries(names.map((file) => [file, new Uint8Array(readFileSync(`${folder}/${file}`))]));
}

describe('training with no preprocessing given', () => {
  for (const goldenCase of GOLDEN_CASES) {
    describe(goldenCase.name, () => {
      it('should write byte-identical model files to the ones committed from i15-base', async () => {
        const { files } = await trainGoldenCase(goldenCase);
        const golden = readGolden(goldenCase);
        expect(Object.keys(files).sort()).toEqual(Object.keys(golden).sort());
        for (const [file, bytes] of Object.entries(files)) {
          // Compared as Buffers so a difference names the file and shows where it is.
          expect({ file, bytes: Buffer.from(bytes).toString('base64') }).toEqual({ file, bytes: Buffer.from(golden[file]).toString('base64') });
        }
      });

      it('should predict what the committed model predicts, and what it predicted on i15-base', async () => {
        const { predictions } = await trainGoldenCase(goldenCase);
        const expected: unknown = JSON.parse(readFileSync(goldenPath(goldenCase, 'predictions.json'), 'utf8'));
        expect(predictions).toEqual(expected);
        const frame = await parseCsvFile(fixturePath(goldenCase.csv));
        expect(loadTabularModel(readGolden(goldenCase)).predict(frame).predictions).toEqual(expected);
      });
    });
  }
});
