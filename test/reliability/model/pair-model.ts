/**
 * The reference model of a WebSocketPair, written from shared/reference/workerd-observed.md (cited
 * by section and scenario number). It knows nothing of the runtime's implementation: it keeps the
 * state workerd's behaviour implies (accepted, closed each way, errored, released) and predicts, for
 * each end, the events its listeners see and the readyState inside each listener.
 *
 * Granularity: synchronous calls happen within one turn; `settle()` delivers everything deliverable.
 * Each end's own event sequence is predicted exactly. The interleaving *between* the two ends'
 * sequences is not (workerd's cross-socket order depends on I/O turns; test/conformance checks it).
 */
import type { ModelSettings } from "./compat-model.js";
import { EXPECTED, type ThrownShape } from "./expected-errors.js";
import {
  type AcceptSpec,
  acceptOptions,
  type BinaryTypeSpec,
  type CodeSpec,
  closeArguments,
  type Frame,
  type PayloadSpec,
  type ReasonSpec,
  sendFrame,
} from "./inputs.js";

export type End = 0 | 1;
export const other = (end: End): End => (end === 0 ? 1 : 0);

export type DataSeen =
  | { kind: "none" }
  | { kind: "text"; text: string }
  | { kind: "arraybuffer"; hex: string }
  | { kind: "blob"; hex: string; size: number; type: string };

/** One listener call, as recorded inside the listener. */
export type Observed =
  | {
      listener: string;
      type: "message";
      data: DataSeen;
      rs: number;
      thisIsTarget: boolean;
      /** A "reply" listener's send("re:" + data) from inside the handler: what it did. */
      replied?: Outcome;
    }
  | {
      listener: string;
      type: "close";
      code: number;
      reason: string;
      wasClean: boolean;
      rs: number;
      thisIsTarget: boolean;
    }
  | {
      listener: string;
      type: "error";
      message: string;
      error: { class: string; message: string };
      rs: number;
      thisIsTarget: boolean;
    };

export type ListenerType = "message" | "close" | "error";

/** A script-made event for dispatchEvent(). "plain-message" is `new Event("message")` (no data). */
export type SyntheticEventSpec =
  | { kind: "message"; type: "message"; data: string }
  | { kind: "plain-message"; type: "message" }
  | { kind: "close"; type: "close"; code: number; reason: string; wasClean: boolean };

export interface ListenerSpec {
  readonly id: string;
  readonly type: ListenerType;
  /**
   * "throw" listeners record, then throw `new <throwClass>("boom <id>")`; "reply" message
   * listeners record, then send "re:" + the text they got (unless it already starts with "re:").
   */
  readonly behaviour: "record" | "throw" | "reply";
  readonly throwClass: "Error" | "TypeError";
  readonly once: boolean;
}

/**
 * A listener's identity: the function object. Two specs with the same id, behaviour and thrown
 * class stand for the same function (so adding it again is deduplicated, §3 24).
 */
export function listenerKey(spec: Pick<ListenerSpec, "id" | "behaviour" | "throwClass">): string {
  return `${spec.id}/${spec.behaviour}/${spec.throwClass}`;
}

type Queued = { kind: "data"; frame: Frame } | { kind: "close"; code: number; reason: string };

/** What a call did: its result (for calls that return one) or what it threw. */
export type Outcome = { threw: ThrownShape } | { returned: unknown };
const returned = (value: unknown = undefined): Outcome => ({ returned: value });

class EndState {
  accepted = false;
  allowHalfOpen: boolean;
  closedIn = false;
  closedOut = false;
  /** An error event was raised (a throwing listener, or the post-handshake "Network connection lost."). */
  errored = false;
  /** The native socket was released once the handshake completed (§3 19: accept() then throws). */
  released = false;
  binaryType: "blob" | "arraybuffer";
  listeners: ListenerSpec[] = [];
  readonly events: Observed[] = [];

  constructor(settings: ModelSettings) {
    // §1: allowHalfOpen defaults to "no auto reply"; binaryType default follows the flag.
    this.allowHalfOpen = !settings.autoReplyToClose;
    this.binaryType = settings.standardBinaryType ? "blob" : "arraybuffer";
  }

  /** §2 of the reference: rs is derived from the close and error flags (pairs are never CONNECTING). */
  get readyState(): number {
    if ((this.closedIn && this.closedOut) || this.errored) return 3;
    if (this.closedIn || this.closedOut) return 2;
    return 1;
  }
}

export class PairModel {
  readonly ends: [EndState, EndState];
  /** queues[i]: frames sent by end i that end 1-i has not received yet. */
  readonly queues: [Queued[], Queued[]] = [[], []];
  /** Listener exceptions workerd logs (reported through the runtime's onUncaughtError). */
  readonly uncaught: Array<{ class: string; message: string }> = [];
  /** A listener exception errored an end and the peer saw close 1006: only a few calls are modelled after. */
  broken = false;
  /** The end whose message listener threw (the one end whose later accept() was recorded). */
  erroredByMessageListener: End | undefined;
  /** Who called close() first, and whether both did before either received a close (simultaneous). */
  #firstCloser: End | undefined;
  #simultaneous = false;
  /** The first close() came before the peer had accepted (its Close waited in the pipe). */
  #firstCloseBeforePeerAccepted = false;
  /** The end that received the first Close frame (the "answerer", §3 22). */
  #answerer: End | undefined;
  /** The answer to a received Close went out behind this end's own undelivered message. */
  #answerBehindOwnMessage = false;
  #handshakeErrorRaised = false;

  constructor(readonly settings: ModelSettings) {
    this.ends = [new EndState(settings), new EndState(settings)];
  }

  readyStates(): [number, number] {
    return [this.ends[0].readyState, this.ends[1].readyState];
  }

  // ---- synchronous calls ----

  /** §3 19-accept-twice, 06. */
  accept(end: End, spec: AcceptSpec): Outcome {
    const options = acceptOptions(spec);
    if (!options.ok) return { threw: options.error };
    const e = this.ends[end];
    if (e.released) return { threw: EXPECTED.acceptAfterRelease };
    if (e.accepted) return returned(); // later calls and their options are ignored
    e.accepted = true;
    if (options.value !== undefined) e.allowHalfOpen = options.value;
    return returned();
  }

  /** §3 04, 05, 06, 12, 13: conversion first, then state. */
  send(end: End, payload: PayloadSpec): Outcome {
    const frame = sendFrame(payload, this.settings);
    if (!frame.ok) return { threw: frame.error };
    const e = this.ends[end];
    if (e.closedOut) return { threw: EXPECTED.sendAfterClose };
    // §3 30 / §5.11: after an error (own or the peer's), sends are silently dropped.
    if (e.errored || this.broken) return returned();
    if (!e.accepted) return { threw: EXPECTED.notAccepted };
    this.queues[end].push({ kind: "data", frame: frame.value });
    return returned();
  }

  /** §3 07–11, 13, 14: validation before state; a second close() is ignored. */
  close(end: End, code: CodeSpec, reason: ReasonSpec): Outcome {
    const args = closeArguments(code, reason, this.settings);
    if (!args.ok) return { threw: args.error };
    const e = this.ends[end];
    if (e.closedOut || e.errored) return returned();
    // 28/closeAfterPeerListenerThrew: after the peer's listener threw, close() is a silent no-op.
    if (this.broken) return returned();
    if (!e.accepted) return { threw: EXPECTED.notAccepted };
    // 20/replyQueuedBehindMessageGetsNoError, 31-fuzz-findings/halfOpenSendsAndClosesAfterPeerClosed.
    if (e.closedIn && this.pendingData(end) > 0) this.#answerBehindOwnMessage = true;
    this.#noteClose(end);
    e.closedOut = true;
    this.queues[end].push({ kind: "close", ...args.value });
    return returned();
  }

  /** §3 01: only "blob" and "arraybuffer" are taken, other values are ignored; a Symbol throws (27). */
  setBinaryType(end: End, spec: BinaryTypeSpec): Outcome {
    if (spec.kind === "symbol") return { threw: EXPECTED.symbolToString };
    if (spec.value === "blob" || spec.value === "arraybuffer") this.ends[end].binaryType = spec.value;
    return returned();
  }

  /** §3 24: the same listener twice is deduplicated. */
  addListener(end: End, listener: ListenerSpec): void {
    const e = this.ends[end];
    const key = listenerKey(listener);
    if (!e.listeners.some((l) => listenerKey(l) === key && l.type === listener.type))
      e.listeners.push(listener);
  }

  removeListener(end: End, key: string, type: ListenerType): void {
    const e = this.ends[end];
    e.listeners = e.listeners.filter((l) => !(listenerKey(l) === key && l.type === type));
  }

  /**
   * §3 31: dispatchEvent() of a synthetic event runs the listeners synchronously, even before
   * accept(), returns true (not cancelable) and changes no state. (Throwing listeners are not
   * generated for it: what their exception does there was not recorded.)
   */
  dispatchSynthetic(end: End, event: SyntheticEventSpec): Outcome {
    const e = this.ends[end];
    const base = { rs: e.readyState, thisIsTarget: this.settings.setEventTargetThis };
    this.#dispatch(end, event.type, (listener): Observed => {
      switch (event.kind) {
        case "message":
          return { ...base, listener, type: "message", data: { kind: "text", text: event.data } };
        case "plain-message":
          return { ...base, listener, type: "message", data: { kind: "none" } };
        case "close":
          return {
            ...base,
            listener,
            type: "close",
            code: event.code,
            reason: event.reason,
            wasClean: event.wasClean,
          };
      }
    });
    return returned(true);
  }

  // ---- delivery ----

  /** Everything deliverable is delivered, including what deliveries cause (replies, errors). */
  settle(): void {
    let progress = true;
    while (progress) {
      progress = false;
      for (const end of [0, 1] as const) {
        const e = this.ends[end];
        const inbound = this.queues[other(end)];
        // §5.1: an end that has not accepted buffers its events until accept().
        if (!e.accepted || inbound.length === 0) continue;
        const item = inbound.shift() as Queued;
        progress = true;
        if (item.kind === "data") {
          this.#receiveMessage(end, item.frame);
        } else {
          this.#receiveClose(end, item.code, item.reason);
          // The sender's Close went out after it had received one: its handshake is over too.
          const sender = this.ends[other(end)];
          if (sender.closedIn) sender.released = true;
        }
      }
      this.#maybeHandshakeError();
    }
  }

  #noteClose(end: End): void {
    if (this.#firstCloser === undefined) {
      this.#firstCloser = end;
      this.#firstCloseBeforePeerAccepted = !this.ends[other(end)].accepted;
    } else if (this.#firstCloser !== end && this.#answerer === undefined) {
      // §3 08: both called close() before either received a Close frame.
      this.#simultaneous = true;
    }
  }

  #receiveMessage(end: End, frame: Frame): void {
    const e = this.ends[end];
    const data: DataSeen =
      frame.type === "text"
        ? { kind: "text", text: frame.text }
        : e.binaryType === "blob"
          ? { kind: "blob", hex: frame.hex, size: frame.hex.length / 2, type: "" }
          : { kind: "arraybuffer", hex: frame.hex };
    const thrown = this.#dispatch(end, "message", (listener) => ({
      listener,
      type: "message",
      data,
      rs: e.readyState,
      thisIsTarget: this.settings.setEventTargetThis,
    }));
    if (thrown === undefined) return;
    // §3 30: the socket errors with the thrown value; the peer sees an unclean 1006 close; what
    // else is in flight between them is never delivered. Its native socket is released
    // (28/closeAfterPeerListenerThrew: accept() then throws "already used in a response").
    this.#errorEnd(end, thrown);
    e.released = true;
    this.erroredByMessageListener = end;
    this.#peerDisconnected(other(end));
  }

  #receiveClose(end: End, code: number, reason: string): void {
    const e = this.ends[end];
    this.#answerer ??= end;
    e.closedIn = true;
    let autoReplied = false;
    // §1 auto-reply: the receiver at once queues a Close echoing code and reason (unless half-open).
    if (!e.allowHalfOpen && !e.closedOut && !e.errored) {
      e.closedOut = true;
      autoReplied = true;
      this.queues[end].push({ kind: "close", code, reason });
    }
    if (e.closedOut) e.released = true;
    const thrown = this.#dispatch(end, "close", (listener) => ({
      listener,
      type: "close",
      code,
      reason,
      wasClean: true,
      rs: e.readyState,
      thisIsTarget: this.settings.setEventTargetThis,
    }));
    if (thrown === undefined) return;
    // §3 30 (without spec_compliant_dispatch_exceptions): the close listener's exception errors
    // the socket. An auto-reply already queued still goes out (the peer sees the echo); without
    // one, the peer sees close 1006.
    this.#errorEnd(end, thrown);
    if (!autoReplied) this.#peerDisconnected(other(end));
  }

  /**
   * Calls the listeners of `type` in order, recording what each saw. Returns the exception that
   * errors the socket, if any: §1 spec_compliant_dispatch_exceptions decides whether later
   * listeners still run, and whether a close listener's exception is only logged.
   */
  #dispatch(
    end: End,
    type: ListenerType,
    observe: (listener: string) => Observed,
  ): { class: string; message: string } | undefined {
    const e = this.ends[end];
    const spec = this.settings.specCompliantDispatchExceptions;
    let thrown: { class: string; message: string } | undefined;
    for (const listener of e.listeners.filter((l) => l.type === type)) {
      const entry = observe(listener.id);
      e.events.push(entry);
      if (listener.once) this.removeListener(end, listenerKey(listener), type);
      if (listener.behaviour === "reply" && entry.type === "message" && entry.data.kind === "text") {
        // §2 26:sendFromHandler: a send() inside a handler queues behind what is in flight.
        const text = entry.data.text;
        if (!text.startsWith("re:")) entry.replied = this.send(end, { kind: "string", value: `re:${text}` });
      }
      if (listener.behaviour === "throw") {
        const error = { class: listener.throwClass, message: `boom ${listener.id}` };
        // §3 30: workerd logs every listener exception, whatever else it does to the socket.
        this.uncaught.push(error);
        if (type === "close" && spec) continue;
        thrown ??= error;
        if (!spec) break;
      }
    }
    return thrown;
  }

  #errorEnd(end: End, error: { class: string; message: string }): void {
    const e = this.ends[end];
    e.errored = true;
    this.#dispatch(end, "error", (listener) => ({
      listener,
      type: "error",
      message: `Uncaught ${error.class}: ${error.message}`,
      error,
      rs: e.readyState,
      thisIsTarget: this.settings.setEventTargetThis,
    }));
  }

  /** §3 30: "close{1006,"WebSocket disconnected without sending Close frame.",wasClean:false}". */
  #peerDisconnected(end: End): void {
    const e = this.ends[end];
    this.broken = true;
    this.queues[0].length = 0;
    this.queues[1].length = 0;
    this.#dispatch(end, "close", (listener) => ({
      listener,
      type: "close",
      code: 1006,
      reason: "WebSocket disconnected without sending Close frame.",
      wasClean: false,
      rs: e.readyState, // read inside the handler, before the end counts as closed (observed rs=1)
      thisIsTarget: this.settings.setEventTargetThis,
    }));
    e.closedIn = true;
  }

  /**
   * §3 22 / §5.4: after a completed close handshake, the side that answered the close gets one
   * error event "Network connection lost.", after the initiator's close event. In a simultaneous
   * close (§3 08) it is the end that called close() first.
   */
  #maybeHandshakeError(): void {
    if (this.#handshakeErrorRaised || this.broken) return;
    const [a, b] = this.ends;
    if (!(a.closedIn && a.closedOut && b.closedIn && b.closedOut)) return;
    if (this.queues[0].length > 0 || this.queues[1].length > 0) return;
    this.#handshakeErrorRaised = true;
    // A manual answer queued behind the answerer's own undelivered message: workerd gives neither
    // end the error (the conformance cases cited in close()).
    if (this.#answerBehindOwnMessage) return;
    // 31-fuzz-findings/halfOpenCloseBeforePeerAccepts, closeBeforePeerAcceptsThenPeerCloses: when the
    // first Close waited for the peer to accept, the peer's own Close arrives first, and the error
    // goes to the peer (the second closer).
    const target = this.#simultaneous
      ? this.#firstCloseBeforePeerAccepted && this.#firstCloser !== undefined
        ? other(this.#firstCloser)
        : this.#firstCloser
      : this.#answerer;
    if (target === undefined || this.ends[target].errored) return;
    this.#errorEnd(target, { class: "Error", message: "Network connection lost." });
  }

  // ---- what the generator may ask next (see commands.ts for why each exclusion exists) ----

  pendingData(from: End): number {
    return this.queues[from].filter((q) => q.kind === "data").length;
  }

  pendingClose(from: End): boolean {
    return this.queues[from].some((q) => q.kind === "close");
  }

  hasReplyListener(end?: End): boolean {
    const ends = end === undefined ? this.ends : [this.ends[end]];
    return ends.some((e) => e.listeners.some((l) => l.behaviour === "reply"));
  }

  hasThrowingListener(type?: ListenerType): boolean {
    return this.ends.some((e) =>
      e.listeners.some((l) => l.behaviour === "throw" && (!type || l.type === type)),
    );
  }

  end(end: End): Readonly<EndState> {
    return this.ends[end];
  }
}

/** Response construction, from §3 15/16 and 30-bad-input. It never touches the socket's state. */
export type StatusSpec =
  | { kind: "absent" }
  | { kind: "number"; value: number }
  | { kind: "string"; value: string };
export type WebSocketFieldSpec =
  | { kind: "absent" }
  | { kind: "null" }
  | { kind: "undefined" }
  | { kind: "end"; end: End }
  | { kind: "object" }
  | { kind: "string" };
export type BodySpec = { kind: "null" } | { kind: "undefined" } | { kind: "empty" } | { kind: "text" };

export function responseOutcome(status: StatusSpec, webSocket: WebSocketFieldSpec, body: BodySpec): Outcome {
  // The webSocket member is type-checked as the dictionary is read (§4: "Incorrect type …").
  if (webSocket.kind === "object" || webSocket.kind === "string")
    return { threw: EXPECTED.webSocketWrongType };
  const code = status.kind === "absent" ? 200 : Math.trunc(Number(status.value)) || 0;
  const hasSocket = webSocket.kind === "end";
  if (hasSocket && code !== 101) return { threw: EXPECTED.statusNot101 };
  if (!hasSocket && (code < 200 || code > 599)) return { threw: EXPECTED.statusRange };
  if (body.kind === "text" && [101, 204, 205, 304].includes(code)) return { threw: EXPECTED.nullBodyStatus };
  return returned({ status: code, webSocket: hasSocket ? webSocket.end : null });
}
