/** A byte stream with its first bytes already read: `head` for sniffing, `stream` replays them before the rest. */
export interface PeekedBytes {
  head: Uint8Array;
  stream: AsyncIterable<Uint8Array>;
  /** Closes the source without reading on (a file stream's descriptor), for a reader that needs only the head. */
  close(): Promise<void>;
}

/**
 * Reads chunks until at least `count` bytes (or the end) are in hand, without losing any: the stream
 * given back yields them first, then goes on where the reading stopped. Sniffing a format must not
 * cost a second read of an upload that may come straight from the socket.
 */
export async function peekBytes(source: AsyncIterable<Uint8Array>, count: number): Promise<PeekedBytes> {
  const iterator = source[Symbol.asyncIterator]();
  const held: Uint8Array[] = [];
  let bytes = 0;
  let isDone = false;
  while (bytes < count) {
    const next = await iterator.next();
    if (next.done) {
      isDone = true;
      break;
    }
    held.push(next.value);
    bytes += next.value.length;
  }
  const head = Buffer.concat(held).subarray(0, count);
  async function* replay(): AsyncGenerator<Uint8Array> {
    try {
      yield* held.splice(0);
      if (isDone) return;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    } finally {
      // Stopped early (an error further down): the source is closed, e.g. a file stream's descriptor.
      await iterator.return?.();
    }
  }
  return {
    head,
    stream: replay(),
    close: async () => {
      // On the source's own iterator: replay() may not have started, and a generator that has not started skips its finally.
      await iterator.return?.();
    },
  };
}
