import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

/**
 * Guards the package's layout: no module may import itself back through others. The sources are
 * read, not dist/, because tsc erases `import type` and a cycle of types still knots the files
 * together for a reader (cell-value.ts and frame.ts once imported each other that way). Tests run
 * from dist/, so the path climbs back to src/ as test-fixtures/fixture-path.ts does.
 */
const SRC = fileURLToPath(new URL('../src/', import.meta.url));
/** `from './x.js'`, `import('./x.js')` and `import './x.js'`: every relative specifier, types included. */
const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.{1,2}\/[^'"]+)\.js\1/g;

type ImportGraph = Map<string, string[]>;

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listSources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Each source file (relative to src/, without .ts) with the files it imports. */
function readImportGraph(root: string): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const path of listSources(root)) {
    const from = relative(root, path).replace(/\.ts$/, '');
    const targets = [...readFileSync(path, 'utf8').matchAll(RELATIVE_IMPORT)].map((match) => join(dirname(from), match[2]));
    graph.set(from, targets);
  }
  return graph;
}

/** Every cycle found by a depth-first walk, each as the path that closes it (first file repeated at the end). */
function findImportCycles(graph: ImportGraph): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const visit = (file: string): void => {
    if (done.has(file)) return;
    if (onStack.has(file)) {
      cycles.push([...stack.slice(stack.indexOf(file)), file]);
      return;
    }
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) visit(target);
    stack.pop();
    onStack.delete(file);
    done.add(file);
  };
  for (const file of [...graph.keys()].sort()) visit(file);
  return cycles;
}

describe('packages/tabular/src imports', () => {
  it('should form no cycle', () => {
    const graph = readImportGraph(SRC);

    expect(graph.size).toBeGreaterThan(50);
    expect(graph.get('frame')).toContain('csv/cell-value');
    expect(findImportCycles(graph)).toEqual([]);
  });

  it('should be read in a way that finds a cycle when there is one, types included', () => {
    const graph: ImportGraph = new Map([
      ['frame', ['csv/cell-value']],
      ['csv/cell-value', ['frame']],
      ['index', ['frame']],
    ]);
    expect(findImportCycles(graph)).toEqual([['csv/cell-value', 'frame', 'csv/cell-value']]);
    const source = `import type { RawValue } from '../frame.js';\nexport { x } from "./y.js";\nconst z = await import('./z.js');`;
    expect([...source.matchAll(RELATIVE_IMPORT)].map((match) => match[2])).toEqual(['../frame', './y', './z']);
  });
});
