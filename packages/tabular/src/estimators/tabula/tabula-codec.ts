/** Base64 text for an engine's binary serialization, so it can sit in the JSON model file. */
export function bytesToBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The bytes of bytesToBase64's text, in a fresh (8-byte-aligned) buffer so the engines can view them without copying. */
export function base64ToBytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/** Class indices for the engines' classifiers; TrainingData carries them as Float64Array. */
export function toClassIndices(y: Float64Array): Int32Array {
  return Int32Array.from(y);
}
