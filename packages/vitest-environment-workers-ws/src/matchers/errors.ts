import {
  type CompatSettings,
  errorClassOf,
  WEB_SOCKET_ERRORS,
  type WebSocketErrorKind,
  webSocketErrorKind,
} from "workers-ws";
import { currentFileRuntime } from "../current-runtime.js";
import { formatError, formatValue } from "./format-transcript.js";
import { type MatcherContext, type MatcherResult, not, result, usageError } from "./received-socket.js";

type ErrorDefinition = {
  readonly errorClass: string;
  readonly message: (...args: never[]) => string;
  readonly strictOnly?: boolean;
};

/** Rules that the runtime applies only with a compatibility setting on (the rest always apply). */
const NEEDS_SETTING: Partial<Record<WebSocketErrorKind, { setting: keyof CompatSettings; flag: string }>> = {
  CloseReasonTooLong: { setting: "closeReasonByteLimit", flag: "websocket_close_reason_byte_limit" },
};

function definitionOf(kind: WebSocketErrorKind): ErrorDefinition {
  return WEB_SOCKET_ERRORS[kind] as unknown as ErrorDefinition;
}

/** `TypeError`, or the DOMException's name: how an error class reads in a message. */
function className(errorClass: string): string {
  return errorClass.startsWith("DOMException:")
    ? `DOMException ${errorClass.slice("DOMException:".length)}`
    : errorClass;
}

/** Whether `message` is the rule's text, exactly (with arguments) or with any value in each slot. */
function messageFits(definition: ErrorDefinition, args: readonly unknown[], message: string): boolean {
  const call = definition.message as (...a: unknown[]) => string;
  if (args.length > 0) return call(...args) === message;
  const marker = "\u0000";
  const template = call(marker, marker, marker, marker);
  if (!template.includes(marker)) return template === message;
  const pattern = template
    .split(marker)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("[^]*?");
  return new RegExp(`^${pattern}$`).test(message);
}

function expectedText(definition: ErrorDefinition, args: readonly unknown[]): string {
  const call = definition.message as (...a: unknown[]) => string;
  const text = args.length > 0 ? call(...args) : call("…", "…", "…", "…");
  return `${className(definition.errorClass)}: ${text}`;
}

/** Why this file's runtime may never throw `kind`, or undefined when it can. */
function availabilityNote(kind: WebSocketErrorKind, definition: ErrorDefinition): string | undefined {
  const current = currentFileRuntime()?.runtime;
  if (!current) return undefined;
  if (definition.strictOnly && !current.strict) {
    return `Note: ${kind} is thrown only with the strict option, which is off for this file.`;
  }
  const gate = NEEDS_SETTING[kind];
  if (gate && !current.settings[gate.setting]) {
    return `Note: at compatibility date ${current.settings.compatibilityDate} ${gate.flag} is off, so the runtime never throws ${kind}.`;
  }
  return undefined;
}

/**
 * `expect(() => ws.send("x")).toThrowWebSocketError("NotAccepted")`: the function throws the
 * runtime's error for that rule, with its exact class (TypeError, RangeError, DOMException name)
 * and message. Arguments after the kind fill the message's slots for an exact comparison
 * (`toThrowWebSocketError("InvalidCloseCode", 1004)`); without them any value fits a slot. The
 * received value may also be the error itself (for `.rejects`).
 */
export function toThrowWebSocketError(
  this: MatcherContext,
  received: unknown,
  kind: WebSocketErrorKind,
  ...args: unknown[]
): MatcherResult {
  const name = "toThrowWebSocketError";
  const label = typeof received === "function" ? "function" : "error";
  const argList = args.length > 0 ? "kind, ...args" : "kind";
  if (typeof kind !== "string" || !Object.hasOwn(WEB_SOCKET_ERRORS, kind)) {
    throw usageError(
      this,
      name,
      `Unknown WebSocket error kind ${formatValue(kind)}. Use one of WebSocketErrorKinds: ${Object.keys(WEB_SOCKET_ERRORS).join(", ")}.`,
      argList,
      label,
    );
  }
  let thrown: { value: unknown } | undefined;
  if (typeof received === "function") {
    let returned: unknown;
    try {
      returned = (received as () => unknown)();
    } catch (error) {
      thrown = { value: error };
    }
    if (typeof (returned as { then?: unknown } | null | undefined)?.then === "function") {
      throw usageError(
        this,
        name,
        "The function returned a promise: use `await expect(promise).rejects.toThrowWebSocketError(kind)` for rejections.",
        argList,
        label,
      );
    }
  } else {
    thrown = { value: received };
  }
  const definition = definitionOf(kind);
  const value = thrown?.value;
  const message = (value as { message?: unknown } | null)?.message;
  const pass =
    thrown !== undefined &&
    errorClassOf(value) === definition.errorClass &&
    typeof message === "string" &&
    messageFits(definition, args, message);
  return result(
    this,
    name,
    pass,
    () => {
      const lines = [`Expected: ${not(this)}${kind} (${expectedText(definition, args)})`];
      if (thrown === undefined) {
        lines.push("Received: the function did not throw");
      } else {
        const recognised = webSocketErrorKind(value);
        const which = recognised === undefined ? "" : ` (the runtime's ${recognised})`;
        lines.push(`Received: ${formatError(value)}${which}`);
      }
      const note = pass ? undefined : availabilityNote(kind, definition);
      return note ? [...lines, note] : lines;
    },
    undefined,
    argList,
    label,
  );
}
