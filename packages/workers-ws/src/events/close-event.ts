import { toUSVString } from "../webidl/conversions.js";
import { Event, type EventInit, defineInstanceFields, markTrusted } from "./event.js";

export interface CloseEventInit extends EventInit {
  code?: number;
  reason?: string;
  wasClean?: boolean;
}

/**
 * workerd's CloseEvent: code, reason and wasClean are own read-only instance properties; the
 * constructor's defaults are code 0, reason "" and wasClean false; reason is a USVString.
 */
export class CloseEvent extends Event {
  declare readonly code: number;
  declare readonly reason: string;
  declare readonly wasClean: boolean;

  constructor(type: string, init?: CloseEventInit) {
    super(type, init);
    defineInstanceFields(this, {
      code: init?.code === undefined ? 0 : toUint16(init.code),
      reason: init?.reason === undefined ? "" : toUSVString(init.reason),
      wasClean: Boolean(init?.wasClean),
    });
  }
}

function toUint16(value: unknown): number {
  const n = Number(value);
  if (!Number.isFinite(n)) return 0;
  return Math.trunc(n) & 0xffff;
}

export function createRuntimeCloseEvent(code: number, reason: string, wasClean: boolean): CloseEvent {
  return markTrusted(new CloseEvent("close", { code, reason, wasClean }));
}
