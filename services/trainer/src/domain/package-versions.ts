import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Engine } from '@tabula/contracts';

const ENGINE_PACKAGES: Record<Engine, string[]> = {
  mljs: ['ml-random-forest', 'ml-logistic-regression', 'ml-cart'],
};

/** The versions a model was trained with, stored in its metadata so a later load can tell. */
export function packageVersions(engine: Engine): Record<string, string> {
  const ownRequire = createRequire(import.meta.url);
  const tabularRequire = createRequire(fileURLToPath(import.meta.resolve('@tabula/tabular')));
  const versions: Record<string, string> = {
    node: process.versions.node,
    tabula: readVersion(ownRequire, '../../package.json'),
  };
  for (const name of ENGINE_PACKAGES[engine]) versions[name] = readVersion(tabularRequire, `${name}/package.json`);
  return versions;
}

function readVersion(require: NodeRequire, specifier: string): string {
  try {
    const manifest = require(specifier) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
