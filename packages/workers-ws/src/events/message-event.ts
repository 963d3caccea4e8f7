import { createWebSocketError } from "../errors/catalogue.js";
import { toDOMString } from "../webidl/conversions.js";
import { constructExposed } from "../webidl/require-new.js";
import { defineInstanceField, Event, type EventInit, markTrusted, readEventInit } from "./event.js";

export interface MessageEventInit extends EventInit {
  data?: unknown;
  origin?: string;
  lastEventId?: string;
  source?: unknown;
  ports?: unknown[];
}

/**
 * workerd's MessageEvent: its fields are own, read-only, enumerable instance properties in the
 * order ports, source, lastEventId, origin, data (observed: `Object.keys(ev)`). `ports` must be an
 * Array of MessagePorts and `source` a MessagePort or null, else workerd's dictionary TypeErrors.
 */
export class MessageEvent extends Event {
  declare readonly data: unknown;
  declare readonly origin: string | null;
  declare readonly lastEventId: string;
  declare readonly source: unknown;
  declare readonly ports: readonly unknown[];

  constructor(type: string, init?: MessageEventInit) {
    super(type, init);
    if (init instanceof RuntimeMessageInit) {
      // The runtime's own event: nothing to convert (workerd: origin null, no ports or source).
      defineInstanceField(this, "ports", []);
      defineInstanceField(this, "source", null);
      defineInstanceField(this, "lastEventId", "");
      defineInstanceField(this, "origin", null);
      defineInstanceField(this, "data", init.data);
      return;
    }
    const dict = readEventInit<MessageEventInit>(init, "MessageEvent");
    // Every value is converted (and may throw) before the first field is defined.
    const ports = readPorts(dict.ports);
    const source = readSource(dict.source);
    const lastEventId = dict.lastEventId === undefined ? "" : toDOMString(dict.lastEventId);
    const origin = dict.origin === undefined ? "" : dict.origin === null ? null : toDOMString(dict.origin);
    defineInstanceField(this, "ports", ports);
    defineInstanceField(this, "source", source);
    defineInstanceField(this, "lastEventId", lastEventId);
    defineInstanceField(this, "origin", origin);
    defineInstanceField(this, "data", dict.data === undefined ? null : dict.data);
  }
}

function isMessagePort(value: unknown): boolean {
  return typeof MessagePort === "function" && value instanceof MessagePort;
}

function readPorts(ports: unknown): unknown[] {
  if (ports === undefined) return [];
  if (!Array.isArray(ports)) {
    throw createWebSocketError("DictionaryFieldType", "ports", "Initializer", "Array");
  }
  ports.forEach((port, index) => {
    if (!isMessagePort(port)) throw createWebSocketError("ArrayElementType", index, "MessagePort");
  });
  return [...ports];
}

function readSource(source: unknown): unknown {
  if (source === undefined || source === null) return null;
  if (!isMessagePort(source)) {
    throw createWebSocketError("DictionaryFieldType", "source", "Initializer", "MessagePort");
  }
  return source;
}

/**
 * The init of a message event the runtime makes (one per message): scripts cannot reach this
 * class, so a constructor given one skips the dictionary conversions that have nothing to convert.
 */
class RuntimeMessageInit {
  constructor(readonly data: unknown) {}
}

/** A message event as the runtime dispatches it: trusted, with `origin: null` (unlike the constructor's ""). */
export function createRuntimeMessageEvent(data: unknown): MessageEvent {
  return markTrusted(constructExposed(MessageEvent, ["message", new RuntimeMessageInit(data)]));
}
