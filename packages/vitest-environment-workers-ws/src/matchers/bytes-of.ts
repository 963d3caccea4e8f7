/**
 * The bytes of binary data (ArrayBuffer, SharedArrayBuffer or any view), or undefined for anything
 * else. A detached buffer (or a view of one) has no bytes: it reads as empty, as send() treats it
 * (workers-ws send-data.ts), instead of throwing when a Uint8Array is made over it.
 */
export function bytesOf(value: unknown): Uint8Array | undefined {
  const isBuffer =
    value instanceof ArrayBuffer ||
    (typeof SharedArrayBuffer === "function" && value instanceof SharedArrayBuffer);
  if (!isBuffer && !ArrayBuffer.isView(value)) return undefined;
  const binary = value as ArrayBufferLike | ArrayBufferView;
  if (binary.byteLength === 0) return new Uint8Array(0);
  if (ArrayBuffer.isView(binary)) return new Uint8Array(binary.buffer, binary.byteOffset, binary.byteLength);
  return new Uint8Array(binary);
}
