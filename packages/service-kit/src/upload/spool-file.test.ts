import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { spoolFile } from './spool-file.js';

describe('spoolFile', () => {
  it('should keep a small part in memory and give its bytes back', async () => {
    const part = new PassThrough();
    part.end('a,b\n1,2\n');
    const spooled = await spoolFile(part, { memoryBytes: 1024, maxBytes: 4096, dir: tmpdir() });
    const chunks: Uint8Array[] = [];
    for await (const chunk of spooled.chunks()) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe('a,b\n1,2\n');
  });

  it('should throw PAYLOAD_TOO_LARGE past maxBytes and drain the rest of the part rather than destroy it', async () => {
    // A destroyed part stalls the multipart parser and the request behind it; a drained one lets it end.
    const part = new PassThrough({ highWaterMark: 16 });
    part.on('error', () => undefined);
    let ended = false;
    part.on('end', () => (ended = true));
    const writing = (async () => {
      for (let i = 0; i < 100 && !part.destroyed; i++) {
        if (!part.write('x'.repeat(64))) await new Promise((resolve) => setImmediate(resolve));
      }
      part.end();
    })();
    await expect(spoolFile(part, { memoryBytes: 128, maxBytes: 256, dir: tmpdir() })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    await writing;
    await new Promise((resolve) => setImmediate(resolve));
    expect(ended).toBe(true);
  });

  it('should reject, not crash the process, when the temp file cannot be written', async () => {
    // /proc/self exists but takes no new files, even for root: the write stream fails after it is made.
    // The rest of the part comes later, so the open fails while the spool waits for it, not for the disk.
    const part = new PassThrough();
    part.write('x'.repeat(4096));
    setTimeout(() => part.end('y'.repeat(4096)), 200);
    await expect(spoolFile(part, { memoryBytes: 128, maxBytes: 1 << 20, dir: '/proc/self' })).rejects.toMatchObject({ code: expect.stringMatching(/^E/) });
  });

  it('should leave no file behind when the first chunk is already past maxBytes (its temp file still opening)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spool-'));
    try {
      for (let i = 0; i < 20; i++) {
        const part = new PassThrough();
        part.end('x'.repeat(4096));
        await expect(spoolFile(part, { memoryBytes: 0, maxBytes: 100, dir })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
        expect(await readdir(dir)).toEqual([]);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
