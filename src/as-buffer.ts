/** @module Bytes as a Buffer, for Buffer's methods; kept apart from bytes.ts, whose types the library's users see. */

/** The same bytes as a Buffer, without copying. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
