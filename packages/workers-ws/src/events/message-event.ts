import { Event, type EventInit, defineInstanceFields, markTrusted } from "./event.js";

export interface MessageEventInit extends EventInit {
  data?: unknown;
  origin?: string;
  lastEventId?: string;
  source?: unknown;
  ports?: unknown[];
}

/**
 * workerd's MessageEvent: its fields are own, read-only, enumerable instance properties in the
 * order ports, source, lastEventId, origin, data (observed: `Object.keys(ev)`).
 */
export class MessageEvent extends Event {
  declare readonly data: unknown;
  declare readonly origin: string | null;
  declare readonly lastEventId: string;
  declare readonly source: unknown;
  declare readonly ports: readonly unknown[];

  constructor(type: string, init?: MessageEventInit) {
    super(type, init);
    defineInstanceFields(this, {
      ports: init?.ports ? [...init.ports] : [],
      source: init?.source ?? null,
      lastEventId: init?.lastEventId === undefined ? "" : String(init.lastEventId),
      origin: init?.origin === undefined ? "" : init.origin === null ? null : String(init.origin),
      data: init?.data === undefined ? null : init.data,
    });
  }
}

/** A message event as the runtime dispatches it: trusted, with `origin: null` (unlike the constructor's ""). */
export function createRuntimeMessageEvent(data: unknown): MessageEvent {
  return markTrusted(new MessageEvent("message", { data, origin: null as unknown as string }));
}
