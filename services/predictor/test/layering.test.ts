import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

// The predictor's arrows run one way: routes/ (protocol) → domain/ (data plane) ← scoring/ (which
// implements the domain's ports), wired in app.ts. Read from the sources, as a lint rule would.

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const IMPORT = /^\s*(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'/gm;

/** Each non-test source file of a folder under src/, with the modules it imports (type imports too). */
async function importsOf(folder: string): Promise<Array<{ file: string; imports: string[] }>> {
  const files = (await readdir(join(SRC, folder))).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
  return Promise.all(
    files.map(async (file) => ({ file: `${folder}/${file}`, imports: [...(await readFile(join(SRC, folder, file), 'utf8')).matchAll(IMPORT)].map((m) => m[1]) })),
  );
}

/** "file → module" for every import of `folder` that `isForbidden` picks. */
async function forbiddenImports(folder: string, isForbidden: (module: string, file: string) => boolean): Promise<string[]> {
  return (await importsOf(folder)).flatMap(({ file, imports }) => imports.filter((module) => isForbidden(module, file)).map((module) => `${file} → ${module}`));
}

describe('the predictor sources', () => {
  it('should find the imports it checks', async () => {
    expect((await importsOf('domain')).find(({ file }) => file === 'domain/score-job.ts')?.imports).toContain('@tabula/tabular');
  });

  it('should keep domain/ free of scoring/, routes/, express and service-kit', async () => {
    // decode-predict-body.ts takes issuesToDetails from service-kit until contracts exports it (issue 13, errors).
    const allowed = (module: string, file: string) => module === '@tabula/service-kit' && file === 'domain/decode-predict-body.ts';
    const isForbidden = (module: string, file: string) =>
      /^\.\.\/(scoring|routes)\//.test(module) || module === 'express' || (module.startsWith('@tabula/service-kit') && !allowed(module, file));
    expect(await forbiddenImports('domain', isForbidden)).toEqual([]);
  });

  it('should keep routes/ away from the store, tabular, the engines and scoring/', async () => {
    const isForbidden = (module: string) => /^@tabula\/(model-store|tabular|engines)(\/|$)/.test(module) || module.startsWith('../scoring/');
    expect(await forbiddenImports('routes', isForbidden)).toEqual([]);
  });
});
