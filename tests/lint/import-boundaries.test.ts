import { describe, expect, it } from '@jest/globals';
import { ESLint } from 'eslint';
import { REPO_ROOT } from '../support/platform.js';

// The import arrows eslint.config.js enforces, checked on one-line sources linted as if they sat at
// a path (nothing is written): each boundary refuses what it should and lets the allowed arrows through.

const eslint = new ESLint({ cwd: REPO_ROOT });

/** The no-restricted-imports messages ESLint gives `source` placed at `filePath` (repo-relative). */
async function restrictedImports(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\n`, { filePath: `${REPO_ROOT}${filePath}` });
  return result.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

/** [where, import statement, a phrase of the message it must get] */
const REFUSED: Array<[string, string, string]> = [
  ['services/trainer/src/routes/x.ts', "import { openModelStore } from '@tabula/model-store';", 'routes/ is the protocol layer'],
  ['services/predictor/src/routes/x.ts', "import type { TabularModel } from '@tabula/tabular';", 'routes/ is the protocol layer'],
  ['services/gateway/src/routes/x.ts', "export * from '@tabula/engines';", 'routes/ is the protocol layer'],
  ['services/trainer/src/domain/x.ts', "import express from 'express';", 'domain/ is plain'],
  ['services/predictor/src/domain/x.ts', "import type { Request } from 'express';", 'domain/ is plain'],
  ['services/trainer/src/domain/x.ts', "import { toWorkerError } from '@tabula/service-kit/worker';", 'domain/ knows no HTTP glue'],
  ['services/predictor/src/domain/x.ts', "import { score } from '../scoring/scorer.js';", "predictor's arrows run one way"],
  ['services/predictor/src/domain/csv/x.ts', "import { score } from '../../scoring/scorer.js';", "predictor's arrows run one way"],
  ['services/trainer/src/domain/x.ts', "import { registryRoutes } from '../routes/registry-routes.js';", 'routes/ calls domain/, never the other way round'],
  ['services/predictor/src/routes/x.ts', "import type { Scorer } from '../scoring/scorer.js';", 'routes/ calls domain/ only'],
  ['services/gateway/src/x.ts', "import { createApp } from '@tabula/trainer';", 'Services never import each other'],
  ['services/predictor/src/scoring/x.ts', "import { createApp } from '../../../trainer/src/app.js';", 'Services never import each other'],
  ['packages/service-kit/src/x.ts', "import { createApp } from '@tabula/gateway';", 'A package never imports a service'],
  ['packages/tabular/src/x.ts', "import { createApp } from '../../../services/predictor/src/app.js';", 'A package never imports a service'],
  ['packages/engines/src/tree/x.ts', "import { TabulaError } from '@tabula/contracts';", '@tabula/engines may import nothing of ours'],
  ['packages/contracts/src/x.ts', "import { trainForest } from '@tabula/engines';", '@tabula/contracts may import nothing of ours'],
  ['packages/model-store/src/x.ts', "import { parseCsv } from '@tabula/tabular';", '@tabula/model-store may import @tabula/contracts'],
  ['packages/tabular/src/x.ts', "import { openModelStore } from '@tabula/model-store';", '@tabula/tabular may import @tabula/engines and @tabula/contracts'],
  ['packages/engines/src/x.ts', "import { toCsv } from '@tabula/tests/support/csv.js';", '@tabula/engines may import nothing of ours'],
  ['packages/tabular/src/x.ts', "import { trainForest } from '@tabula/engines/src/index.js';", 'Import a package by its name'],
  ['packages/tabular/src/x.ts', "import { trainForest } from '../../engines/dist/index.js';", 'Import a package by its name'],
  ['services/trainer/test/x.ts', "import { parseCsv } from '@tabula/tabular/dist/index.js';", 'Import a package by its name'],
  ['tests/e2e/x.ts', "import { ERROR_STATUS } from '../../packages/contracts/src/errors.js';", 'Import a package by its name'],
];

/** [where, import statement]: arrows the architecture allows. */
const ALLOWED: Array<[string, string]> = [
  ['services/trainer/src/domain/x.ts', "import { openModelStore } from '@tabula/model-store';"],
  ['services/trainer/src/domain/x.ts', "import { parseCsv } from '@tabula/tabular';"],
  ['services/trainer/src/routes/x.ts', "import { trainModel } from '../domain/train-model.js';"],
  ['services/trainer/src/routes/x.ts', "import type { Router } from 'express';"],
  ['services/predictor/src/scoring/x.ts', "import type { ScoreRows } from '../domain/score-port.js';"],
  ['services/trainer/src/routes/x.ts', "import { trainingJobs } from '../jobs/training-jobs.js';"],
  ['services/predictor/src/jobs/x.ts', "import { toWorkerError } from '@tabula/service-kit/worker';"],
  ['services/predictor/test/x.ts', "import { createApp } from '../src/app.js';"],
  ['packages/tabular/src/x.ts', "import { trainForest } from '@tabula/engines';"],
  ['packages/tabular/src/x.ts', "import type { ModelMetadata } from '@tabula/contracts';"],
  ['packages/model-store/src/x.ts', "import { TabulaError } from '@tabula/contracts';"],
  ['packages/engines/src/forest/x.ts', "import { fitBinEdges } from '../binning/fit-bin-edges.js';"],
  ['packages/service-kit/src/x.ts', "import { ERROR_STATUS } from '@tabula/contracts';"],
  ['bench/src/x.ts', "import { startPlatform } from '@tabula/tests/support/platform.js';"],
];

describe('eslint.config.js', () => {
  describe('@typescript-eslint/no-restricted-imports', () => {
    it.each(REFUSED)('should refuse, in %s, %s', async (filePath, source, phrase) => {
      const messages = await restrictedImports(filePath, source);
      expect(messages).toEqual([expect.stringContaining(phrase)]);
    });

    it.each(ALLOWED)('should allow, in %s, %s', async (filePath, source) => {
      expect(await restrictedImports(filePath, source)).toEqual([]);
    });
  });

  describe('@typescript-eslint/no-explicit-any', () => {
    it('should refuse an explicit any in a test file too', async () => {
      const [result] = await eslint.lintText('export const body: any = 1;\n', { filePath: `${REPO_ROOT}tests/e2e/x.test.ts` });
      expect(result.messages.map((m) => [m.ruleId, m.severity])).toEqual([['@typescript-eslint/no-explicit-any', 2]]);
    });
  });
});
