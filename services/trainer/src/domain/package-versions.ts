import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Engine } from '@tabula/contracts';

const ENGINE_PACKAGES: Record<Engine, string[]> = {
  tabula: ['@tabula/engines'],
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
  for (const name of ENGINE_PACKAGES[engine]) versions[name] = readVersion(tabularRequire, `${name}/package.json`, name);
  return versions;
}

/**
 * A package's version from its package.json. Packages whose exports hide package.json (the
 * workspace's own, such as @tabula/engines) are found from their entry point instead.
 */
function readVersion(require: NodeRequire, specifier: string, packageName?: string): string {
  try {
    const manifest = require(specifier) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return packageName === undefined ? 'unknown' : readVersionFromEntry(require, packageName);
  }
}

function readVersionFromEntry(require: NodeRequire, packageName: string): string {
  try {
    let dir = dirname(require.resolve(packageName));
    for (;;) {
      try {
        const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
        if (manifest.name === packageName) return typeof manifest.version === 'string' ? manifest.version : 'unknown';
      } catch {
        // no package.json at this level
      }
      const parent = dirname(dir);
      if (parent === dir) return 'unknown';
      dir = parent;
    }
  } catch {
    return 'unknown';
  }
}
