import { fileURLToPath } from 'node:url';

/**
 * Absolute path of a file in src/test-fixtures. Tests run from dist/, where tsc copies no CSV, so
 * the path climbs back to the sources from this module's compiled location (dist/test-fixtures/).
 */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../../src/test-fixtures/${name}`, import.meta.url));
}
