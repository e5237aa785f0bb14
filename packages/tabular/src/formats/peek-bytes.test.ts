import { describe, expect, it } from '@jest/globals';
import { peekBytes } from './peek-bytes.js';

/** Chunks of `text`, noting whether the reader closed the source (as a file stream's descriptor would be). */
function source(text: string, size: number) {
  const state = { isClosed: false, chunksRead: 0 };
  async function* chunks(): AsyncGenerator<Uint8Array> {
    try {
      for (let at = 0; at < text.length; at += size) {
        state.chunksRead++;
        yield Buffer.from(text.slice(at, at + size));
      }
    } finally {
      state.isClosed = true;
    }
  }
  return { chunks: chunks(), state };
}

const textOf = async (stream: AsyncIterable<Uint8Array>) => {
  const parts: Uint8Array[] = [];
  for await (const chunk of stream) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
};

describe('peekBytes(source, count)', () => {
  it('should give the first count bytes and a stream that replays them before the rest', async () => {
    const { chunks, state } = source('abcdefghij', 3);
    const peeked = await peekBytes(chunks, 4);
    expect(Buffer.from(peeked.head).toString('utf8')).toBe('abcd');
    expect(state.chunksRead).toBe(2);
    expect(await textOf(peeked.stream)).toBe('abcdefghij');
  });

  it('should give a shorter head for a shorter source', async () => {
    const peeked = await peekBytes(source('ab', 3).chunks, 4);
    expect(Buffer.from(peeked.head).toString('utf8')).toBe('ab');
    expect(await textOf(peeked.stream)).toBe('ab');
  });

  it('should close the source on close(), though the replay was never read', async () => {
    const { chunks, state } = source('abcdefghij', 3);
    const peeked = await peekBytes(chunks, 2);
    await peeked.close();
    expect(state).toEqual({ isClosed: true, chunksRead: 1 });
  });
});
