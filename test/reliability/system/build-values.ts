/** Turns the fuzzer's plain-data argument descriptions into the real JavaScript values passed. */
import { resizableArrayBuffer } from "../bad-input/bad-values.js";
import type { AcceptSpec, BinaryTypeSpec, CodeSpec, PayloadSpec, ReasonSpec } from "../model/inputs.js";

/** The argument list for send(); `[]` for a call with no argument. */
export function sendArguments(spec: PayloadSpec): unknown[] {
  switch (spec.kind) {
    case "none":
      return [];
    case "string":
    case "number":
    case "boolean":
      return [spec.value];
    case "arraybuffer":
      return [new Uint8Array(spec.bytes).buffer];
    case "uint8-view":
      return [new Uint8Array(new Uint8Array(spec.bytes).buffer, spec.offset, spec.length)];
    case "dataview":
      return [new DataView(new Uint8Array(spec.bytes).buffer, spec.offset, spec.length)];
    case "int32array":
      return [new Int32Array(spec.values)];
    case "shared": {
      const shared = new SharedArrayBuffer(spec.bytes.length);
      new Uint8Array(shared).set(spec.bytes);
      return [shared];
    }
    case "resizable": {
      const buffer = resizableArrayBuffer(spec.bytes.length, spec.bytes.length + 16);
      new Uint8Array(buffer).set(spec.bytes);
      return [buffer];
    }
    case "detached": {
      const buffer = new ArrayBuffer(8);
      structuredClone(buffer, { transfer: [buffer] });
      return [buffer];
    }
    case "bigint":
      return [BigInt(spec.value)];
    case "null":
      return [null];
    case "undefined":
      return [undefined];
    case "object":
      return [{}];
    case "array":
      return [spec.items];
    case "custom-tostring":
      return [{ toString: () => spec.text }];
    case "blob":
      return [new Blob([spec.text])];
    case "symbol":
      return [Symbol("payload")];
  }
}

export function closeArgumentList(code: CodeSpec, reason: ReasonSpec): unknown[] {
  const value = (spec: CodeSpec | ReasonSpec): unknown => {
    switch (spec.kind) {
      case "absent":
      case "undefined":
        return undefined;
      case "null":
        return null;
      case "symbol":
        return Symbol("arg");
      case "bigint":
        return BigInt(spec.value);
      default:
        return spec.value;
    }
  };
  if (reason.kind !== "absent") return [value(code), value(reason)];
  if (code.kind !== "absent") return [value(code)];
  return [];
}

export function acceptArgumentList(spec: AcceptSpec): unknown[] {
  switch (spec.kind) {
    case "none":
      return [];
    case "null":
      return [null];
    case "empty":
      return [{}];
    case "half-open":
      return [{ allowHalfOpen: spec.value }];
    case "primitive":
      return [spec.value];
  }
}

export function binaryTypeValue(spec: BinaryTypeSpec): unknown {
  return spec.kind === "symbol" ? Symbol("binaryType") : spec.value;
}
