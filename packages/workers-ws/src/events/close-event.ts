import { createWebSocketError } from "../errors/catalogue.js";
import { toInt32Checked, toUSVString } from "../webidl/conversions.js";
import { constructExposed } from "../webidl/require-new.js";
import { defineInstanceField, Event, type EventInit, markTrusted, readEventInit } from "./event.js";

export interface CloseEventInit extends EventInit {
  code?: number;
  reason?: string;
  wasClean?: boolean;
}

/**
 * workerd's CloseEvent: code, reason and wasClean are own read-only instance properties, defined
 * in the order wasClean, reason, code (observed: `Object.keys(ev)`). The constructor's defaults
 * are code 0, reason "" and wasClean false; code is a C++ int (so 70000 and -1 stay as they are,
 * and values outside int32 throw), reason is a USVString.
 */
export class CloseEvent extends Event {
  declare readonly code: number;
  declare readonly reason: string;
  declare readonly wasClean: boolean;

  constructor(type: string, init?: CloseEventInit) {
    super(type, init);
    const dict = readEventInit<CloseEventInit>(init, "CloseEvent");
    const code =
      dict.code === undefined
        ? 0
        : toInt32Checked(dict.code, () => createWebSocketError("IntegerOutOfRange"));
    const wasClean = Boolean(dict.wasClean);
    const reason = dict.reason === undefined ? "" : toUSVString(dict.reason);
    defineInstanceField(this, "wasClean", wasClean);
    defineInstanceField(this, "reason", reason);
    defineInstanceField(this, "code", code);
  }
}

export function createRuntimeCloseEvent(code: number, reason: string, wasClean: boolean): CloseEvent {
  return markTrusted(constructExposed(CloseEvent, ["close", { code, reason, wasClean }]));
}
