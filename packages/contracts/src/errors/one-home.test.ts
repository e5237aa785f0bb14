import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

// This file runs from packages/contracts/dist/errors/: the repository root is four levels up.
const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** The source files of every package and service, tests left out: what ships and what a client can meet. */
async function shippedSources(): Promise<string[]> {
  const roots = [];
  for (const group of ['packages', 'services']) {
    for (const entry of await readdir(join(REPO_ROOT, group), { withFileTypes: true })) {
      if (entry.isDirectory()) roots.push(join(REPO_ROOT, group, entry.name, 'src'));
    }
  }
  const files: string[] = [];
  for (const root of roots) {
    const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = join(entry.parentPath, entry.name);
      const isTest = /\.test\.ts$/.test(entry.name) || /[/\\](test|tests|__tests__)[/\\]/.test(relative(root, path));
      if (entry.isFile() && entry.name.endsWith('.ts') && !isTest) files.push(path);
    }
  }
  return files;
}

describe('packages/contracts/src/errors', () => {
  it('should be the only place outside contracts that builds a TabulaError', async () => {
    const files = await shippedSources();
    const contracts = join(REPO_ROOT, 'packages', 'contracts', 'src');
    // The guard reads the tree it guards: it must see this folder's own constructors, or it reads nothing.
    expect(files).toContain(join(contracts, 'errors', 'request-errors.ts'));
    const offenders: string[] = [];
    for (const file of files) {
      if (file.startsWith(contracts)) continue;
      const text = await readFile(file, 'utf8');
      if (/new\s+TabulaError\s*\(/.test(text)) offenders.push(relative(REPO_ROOT, file));
    }
    expect(offenders).toEqual([]);
  });
});
