/**
 * Storage values are kept as V8-serialized bytes, as workerd stores them: put() copies the value
 * (a later change to the object is not seen), each get() returns a fresh copy, and the size limit
 * applies to the serialized form (workerd io/actor-storage: 128 KiB advertised, 128 KiB + 34
 * enforced, the message naming the serialized size).
 */
import { Deserializer, Serializer } from "node:v8";
import { createWebSocketError } from "../../errors/catalogue.js";
import { assertSerializable } from "../../webidl/serializable.js";

const ENFORCED_MAX_VALUE_BYTES = 128 * 1024 + 34;
const MAX_KEY_BYTES = 2048;

/**
 * V8's own wire format (the base Serializer writes typed arrays natively, like workerd, so the
 * sizes match: a 200000-byte Uint8Array is 200013 bytes in both).
 */
export function serializeValue(value: unknown): Buffer {
  assertSerializable(value);
  const serializer = new Serializer();
  serializer.writeHeader();
  try {
    serializer.writeValue(value);
  } catch (error) {
    // V8's refusal ("() => 1 could not be cloned.") is a DataCloneError in workerd; an error thrown
    // by a getter the serializer ran propagates unchanged.
    if (error instanceof Error && Object.getPrototypeOf(error) === Error.prototype) {
      throw new DOMException(error.message, "DataCloneError");
    }
    throw error;
  }
  const bytes = serializer.releaseBuffer();
  if (bytes.length > ENFORCED_MAX_VALUE_BYTES)
    throw createWebSocketError("StorageValueTooLarge", bytes.length);
  return bytes;
}

export function deserializeValue(bytes: Buffer): unknown {
  const deserializer = new Deserializer(bytes);
  deserializer.readHeader();
  return deserializer.readValue();
}

/** workerd: keys are strings (other values are converted), at most 2048 UTF-8 bytes. */
export function checkKey(key: unknown): string {
  const text = String(key);
  const size = Buffer.byteLength(text);
  if (size > MAX_KEY_BYTES) throw createWebSocketError("StorageKeyTooLarge", size);
  return text;
}
