import { spawnSync } from 'node:child_process';

// posix_fadvise(DONTNEED) asks the kernel to drop a file's clean pages from the page cache, with no
// root needed (unlike /proc/sys/vm/drop_caches). Node has no binding for it; Python's os module does.
const DROP_SCRIPT = `
import os, sys
for path in sys.argv[1:]:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fdatasync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)
`;

/**
 * Drops the files' pages from the page cache, so that the next read goes to the disk (or as near as
 * the machine lets: a VM's host may still cache them). Returns false when it could not (no python3).
 */
export function dropFileCache(paths: string[]): boolean {
  const result = spawnSync('python3', ['-c', DROP_SCRIPT, ...paths], { encoding: 'utf8' });
  return result.status === 0;
}

/** Pages of the files still in the page cache, from util-linux fincore; undefined when it is not installed. */
export function cachedPages(paths: string[]): number | undefined {
  const result = spawnSync('fincore', ['--noheadings', '--raw', '--output', 'PAGES', ...paths], { encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  return result.stdout.split('\n').reduce((sum, line) => sum + (Number(line.trim()) || 0), 0);
}
