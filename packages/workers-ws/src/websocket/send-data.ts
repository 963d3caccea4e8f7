import { types } from "node:util";
import type { CompatSettings } from "../compat/settings.js";
import type { Frame } from "../transport/transport.js";
import { throughKjString } from "../webidl/conversions.js";

/**
 * Turns send()'s argument into a frame the way workerd's JSG union conversion does: ArrayBuffer,
 * SharedArrayBuffer and every ArrayBufferView are binary, copied now and limited to the viewed
 * bytes (a detached buffer sends an empty message); everything else goes through ToString and is
 * text, Blob and ReadableStream included.
 */
export function toFrame(message: unknown, settings: CompatSettings): Frame {
  if (isArrayBuffer(message) || isSharedArrayBuffer(message)) {
    const buffer = message as ArrayBuffer;
    // A detached buffer reports byteLength 0 and cannot be sliced: it sends an empty message.
    return {
      kind: "binary",
      // Copied through a Uint8Array into a fresh (unshared) ArrayBuffer: a SharedArrayBuffer's own
      // slice() would be shared again, and workerd delivers it as an ArrayBuffer (observed).
      data: buffer.byteLength === 0 ? new Uint8Array(0) : new Uint8Array(new Uint8Array(buffer)),
    };
  }
  if (ArrayBuffer.isView(message)) {
    if (message.byteLength === 0) return { kind: "binary", data: new Uint8Array(0) };
    const bytes = new Uint8Array(message.buffer, message.byteOffset, message.byteLength);
    return { kind: "binary", data: bytes.slice() };
  }
  return { kind: "text", data: workersToString(message, settings) };
}

/**
 * Brand checks on the internal slot, as V8's IsArrayBuffer() does: unlike instanceof they run no
 * proxy trap, so a revoked proxy goes on to ToString and throws there, as in workerd ("Cannot
 * perform 'get' on a proxy that has been revoked"). node:util's checks throw nothing (calling the
 * byteLength getter on a view to find out threw, and caught, two TypeErrors per binary send).
 */
function isArrayBuffer(value: unknown): boolean {
  return types.isArrayBuffer(value);
}

function isSharedArrayBuffer(value: unknown): boolean {
  return types.isSharedArrayBuffer(value);
}

/**
 * Web API classes that workerd implements natively: their Symbol.toStringTag exists only with
 * set_tostring_tag, so before 2024-09-26 `String(new Blob())` is "[object Object]" in workerd
 * while Node always says "[object Blob]".
 */
const NATIVE_WORKERS_CLASSES = [
  "Blob",
  "File",
  "ReadableStream",
  "WritableStream",
  "TransformStream",
  "Headers",
  "Request",
  "FormData",
  "AbortController",
  "AbortSignal",
  "TextEncoder",
  "TextDecoder",
  "CompressionStream",
  "DecompressionStream",
] as const;

/** ToString as workerd computes it (throws the V8 TypeError for a Symbol). */
export function workersToString(value: unknown, settings: CompatSettings): string {
  if (!settings.setToStringTag && isUntaggedInWorkerd(value)) return "[object Object]";
  // Text goes out as a UTF-8 kj::String (observed: "a\ud800b" arrives as "a\ufffd\ufffd\ufffdb").
  return throughKjString(`${value as string}`);
}

function isUntaggedInWorkerd(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  if ((value as { toString?: unknown }).toString !== Object.prototype.toString) return false;
  const globals = globalThis as Record<string, unknown>;
  return NATIVE_WORKERS_CLASSES.some((name) => {
    const ctor = globals[name];
    return typeof ctor === "function" && value instanceof ctor;
  });
}
