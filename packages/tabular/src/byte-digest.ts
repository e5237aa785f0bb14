import { createHash } from 'node:crypto';

/**
 * The size and SHA-256 of a byte stream, taken as it passes through to its reader: what identifies
 * an uploaded dataset, with no second read of the file. One digest per stream.
 */
export class ByteDigest {
  private readonly hash = createHash('sha256');
  private bytes = 0;

  /** The chunks of `source`, hashed and counted on their way through. */
  async *tap<T extends Uint8Array>(source: AsyncIterable<T>): AsyncGenerator<T> {
    for await (const chunk of source) {
      this.hash.update(chunk);
      this.bytes += chunk.byteLength;
      yield chunk;
    }
  }

  /** The figures of everything tapped; call once, after the stream has ended. */
  result(): { bytes: number; sha256: string } {
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}
