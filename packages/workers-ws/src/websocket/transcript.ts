import type { Event } from "../events/event.js";
import { deliveryLoop } from "../scheduler/delivery-loop.js";
import type { Frame } from "../transport/transport.js";
import { socketElsewhere } from "./client-sockets-elsewhere.js";
import { PayloadDigest, payloadWeight } from "./payload-digest.js";
import type { SocketCore } from "./socket-core.js";
import { isWebSocket, socketCore, type WebSocket } from "./websocket.js";

/**
 * What a socket did, for matchers and for people reading a failing test: readyState transitions
 * with their cause, accept() with its option, messages sent and received, close() calls, the close,
 * error and open events, and the calls of accept/send/close that threw or had no effect (recorded
 * by websocket.ts at the points where it throws or decides to ignore a call; nothing is wrapped).
 *
 * Cheap and bounded: nothing is allocated until a socket's first entry; after that a socket keeps
 * its newest `limit` entries in a ring and counts the ones it dropped. Payloads are kept by
 * reference (send() has already copied binary data, strings are immutable), so recording a
 * message costs one small object. The payloads a socket keeps are bounded in bytes too
 * (`byteBudget`): beyond it the oldest kept payloads are replaced by a PayloadDigest (kind, size,
 * SHA-256), so a socket that carries large messages for a long time does not pin them all. The
 * newest payload is always kept whole. The readyState history is kept apart from the ring (it has
 * at most a handful of values), so it survives any number of messages.
 */

/** The default number of entries a socket keeps (runtime option `transcriptLimit`). */
export const DEFAULT_TRANSCRIPT_LIMIT = 1000;

/**
 * The default payload bytes a socket's transcript keeps (runtime option `transcriptBytes`): 64 MiB,
 * enough for the default 1000 entries of 64 KiB messages, while 40 messages of 16 MiB keep only
 * the newest four whole.
 */
export const DEFAULT_TRANSCRIPT_BYTES = 64 * 1024 * 1024;

export type ReadyStateValue = 0 | 1 | 2 | 3;
/** Which WebSocket method an entry is about. */
export type SocketMethod = "accept" | "send" | "close";

interface EntryBase {
  /** 1-based position in everything the socket recorded (dropped entries included). */
  readonly seq: number;
}

export type TranscriptEntry = EntryBase &
  (
    | {
        readonly kind: "readyState";
        readonly from: ReadyStateValue;
        readonly to: ReadyStateValue;
        readonly cause: string;
      }
    /** accept() took effect; `allowHalfOpen` as given (undefined: not given), `halfOpen` in force. */
    | { readonly kind: "accept"; readonly allowHalfOpen: boolean | undefined; readonly halfOpen: boolean }
    /**
     * A message handed to the connection by send(): text as a string, binary as its bytes, or
     * their digest once the payload was beyond the transcript's byte budget.
     */
    | { readonly kind: "sent"; readonly data: string | Uint8Array | PayloadDigest }
    /** A message that reached the socket (whether or not anyone listened): text, bytes or digest. */
    | { readonly kind: "received"; readonly data: string | Uint8Array | PayloadDigest }
    /** close() started the closing handshake (code undefined: close() without arguments). */
    | { readonly kind: "closeCall"; readonly code: number | undefined; readonly reason: string | undefined }
    /** The close event, dispatched or not (nobody may listen). */
    | { readonly kind: "close"; readonly code: number; readonly reason: string; readonly wasClean: boolean }
    /** The error event. */
    | { readonly kind: "error"; readonly error: unknown; readonly message: string }
    /** The open event of a client socket. */
    | { readonly kind: "open" }
    /** accept(), send() or close() threw. */
    | {
        readonly kind: "threw";
        readonly method: SocketMethod;
        readonly args: readonly unknown[];
        readonly error: unknown;
      }
    /** accept(), send() or close() returned without any effect (the runtime ignores the call). */
    | { readonly kind: "ignored"; readonly method: SocketMethod; readonly args: readonly unknown[] }
    /** A Durable Object accepted the socket with state.acceptWebSocket(); `owner` names the object. */
    | { readonly kind: "acceptWebSocket"; readonly tags: readonly string[]; readonly owner: string }
    /**
     * A message, close or error went to the owner's handler method instead of listeners (recorded
     * after the "received" or "close" entry of the frame, as listener deliveries follow theirs).
     */
    | { readonly kind: "handler"; readonly method: HibernationHandlerName; readonly owner: string }
  );

/** The handler methods a hibernatable socket's events go to. */
export type HibernationHandlerName = "webSocketMessage" | "webSocketClose" | "webSocketError";

export type TranscriptEntryKind = TranscriptEntry["kind"];

/** How a wait on a transcript ended (see Transcript.waitFor). */
export type WaitOutcome = "met" | "closed" | "timeout";

/** Entries as they are recorded, before their sequence number is added. */
type WithoutSeq<E> = E extends unknown ? Omit<E, "seq"> : never;
type NewEntry = WithoutSeq<TranscriptEntry>;

/** Real timers, captured when the runtime loads, so that fake timers cannot stall a wait. */
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

/** The longest readyState history kept; states only move forward, so it is never reached. */
const MAX_STATES = 16;

/** Up to this many entries the ring is kept at its exact size (see Transcript.record). */
const SMALL_RING = 8;

/**
 * The entry with its sequence number first. Written out kind by kind: a spread after `seq` sends
 * V8 to a runtime call for every entry, which was most of the transcript's cost in the churn
 * benchmark.
 */
function withSeq(seq: number, entry: NewEntry): TranscriptEntry {
  switch (entry.kind) {
    case "sent":
    case "received":
      return { seq, kind: entry.kind, data: entry.data };
    case "readyState":
      return { seq, kind: entry.kind, from: entry.from, to: entry.to, cause: entry.cause };
    case "accept":
      return { seq, kind: entry.kind, allowHalfOpen: entry.allowHalfOpen, halfOpen: entry.halfOpen };
    case "closeCall":
      return { seq, kind: entry.kind, code: entry.code, reason: entry.reason };
    case "close":
      return { seq, kind: entry.kind, code: entry.code, reason: entry.reason, wasClean: entry.wasClean };
    case "error":
      return { seq, kind: entry.kind, error: entry.error, message: entry.message };
    case "open":
      return { seq, kind: entry.kind };
    case "threw":
      return { seq, kind: entry.kind, method: entry.method, args: entry.args, error: entry.error };
    case "ignored":
      return { seq, kind: entry.kind, method: entry.method, args: entry.args };
    case "acceptWebSocket":
      return { seq, kind: entry.kind, tags: entry.tags, owner: entry.owner };
    case "handler":
      return { seq, kind: entry.kind, method: entry.method, owner: entry.owner };
  }
}

/** One socket's record. Read it with `transcriptOf(ws)`. */
export class Transcript {
  /** How many entries this socket keeps. */
  readonly limit: number;
  /** How many payload bytes the kept entries may hold before the oldest become digests. */
  readonly byteBudget: number;
  #ring: TranscriptEntry[] = [];
  /** Payload bytes the ring holds whole. */
  #payloadBytes = 0;
  /** Every entry up to this sequence number holds no whole payload but possibly the newest. */
  #digestedThrough = 0;
  #digested = 0;
  /** Where the next entry goes once the ring is full (the oldest entry). */
  #next = 0;
  #total = 0;
  /** The readyState history, packed as base-4 digits (oldest first) with its length: no array. */
  #states: number;
  #stateCount = 1;
  #listeners: Set<(entry: TranscriptEntry) => void> | undefined;
  #accept: Extract<TranscriptEntry, { kind: "accept" }> | undefined;
  #close: Extract<TranscriptEntry, { kind: "close" }> | undefined;

  constructor(limit: number, initialState: ReadyStateValue, byteBudget: number = DEFAULT_TRANSCRIPT_BYTES) {
    this.limit = limit;
    this.byteBudget = byteBudget;
    this.#states = initialState;
  }

  /** How many kept message entries hold a PayloadDigest instead of their payload. */
  get digested(): number {
    return this.#digested;
  }

  /** The payload bytes the kept entries hold whole (at most the budget, or the newest message). */
  get payloadBytes(): number {
    return this.#payloadBytes;
  }

  /** How many entries were ever recorded. */
  get total(): number {
    return this.#total;
  }

  /** How many of the oldest entries were dropped to stay within the limit. */
  get dropped(): number {
    return this.#total - this.#ring.length;
  }

  /** The readyState the transcript last saw. */
  get readyState(): ReadyStateValue {
    return (this.#states % 4) as ReadyStateValue;
  }

  /** The kept entries, oldest first (a copy). */
  entries(): TranscriptEntry[] {
    const ring = this.#ring;
    if (ring.length < this.limit || this.#next === 0) return ring.slice();
    return ring.slice(this.#next).concat(ring.slice(0, this.#next));
  }

  /** Every readyState the socket has had, from its first, in order (never trimmed). */
  readyStates(): ReadyStateValue[] {
    const states: ReadyStateValue[] = [];
    let packed = this.#states;
    for (let i = 0; i < this.#stateCount; i++) {
      states.unshift((packed % 4) as ReadyStateValue);
      packed = Math.floor(packed / 4);
    }
    return states;
  }

  /**
   * Calls `listener` with every entry recorded from now on, synchronously, while the runtime
   * records it. Returns a function that stops it.
   */
  subscribe(listener: (entry: TranscriptEntry) => void): () => void {
    this.#listeners ??= new Set();
    this.#listeners.add(listener);
    return () => {
      this.#listeners?.delete(listener);
    };
  }

  /**
   * Waits for an entry: resolves "met" as soon as `done(entry)` returns true for a new entry,
   * "closed" once the socket is CLOSED and the runtime has delivered everything in flight (so no
   * entry can come without a new call), or "timeout" after `timeoutMs` of real time (fake timers do
   * not affect it; Infinity waits without a timer). Entries already recorded are not passed to
   * `done`: read them with entries() first. A `done` that throws rejects the promise.
   */
  waitFor(done: (entry: TranscriptEntry) => boolean, timeoutMs: number): Promise<WaitOutcome> {
    return new Promise<WaitOutcome>((resolve, reject) => {
      let finished = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let idleCheckPending = false;
      const finish = (settleWith: () => void): void => {
        if (finished) return;
        finished = true;
        stop();
        if (timer !== undefined) realClearTimeout(timer);
        settleWith();
      };
      const checkIdleWhenClosed = (): void => {
        if (this.readyState !== 3 || idleCheckPending) return;
        idleCheckPending = true;
        void deliveryLoop.settle().then(() => {
          idleCheckPending = false;
          if (this.readyState === 3) finish(() => resolve("closed"));
        });
      };
      const stop = this.subscribe((entry) => {
        let met: boolean;
        try {
          met = done(entry);
        } catch (error) {
          finish(() => reject(error));
          return;
        }
        if (met) finish(() => resolve("met"));
        else checkIdleWhenClosed();
      });
      if (Number.isFinite(timeoutMs)) {
        timer = realSetTimeout(() => finish(() => resolve("timeout")), Math.max(0, timeoutMs));
      }
      checkIdleWhenClosed();
    });
  }

  /** The accept() that took effect, kept even after the ring dropped it. */
  get acceptEntry(): Extract<TranscriptEntry, { kind: "accept" }> | undefined {
    return this.#accept;
  }

  /** The socket's close event (the first, if the runtime ever sends two), kept even after the ring dropped it. */
  get closeEntry(): Extract<TranscriptEntry, { kind: "close" }> | undefined {
    return this.#close;
  }

  /**
   * Replaces the oldest whole payloads by digests until the kept payloads fit the budget again,
   * never the newest entry's. Oldest first, with a cursor, so each entry is looked at once.
   */
  #digestOldest(): void {
    const ring = this.#ring;
    const oldestSeq = this.#total - ring.length + 1;
    const start = ring.length === this.limit ? this.#next : 0;
    let seq = Math.max(this.#digestedThrough + 1, oldestSeq);
    for (; seq < this.#total && this.#payloadBytes > this.byteBudget; seq++) {
      const index = (start + (seq - oldestSeq)) % ring.length;
      const entry = ring[index] as TranscriptEntry;
      if ((entry.kind !== "sent" && entry.kind !== "received") || entry.data instanceof PayloadDigest)
        continue;
      this.#payloadBytes -= payloadWeight(entry.data);
      ring[index] = { seq: entry.seq, kind: entry.kind, data: new PayloadDigest(entry.data) };
      this.#digested++;
    }
    this.#digestedThrough = seq - 1;
  }

  /** Internal: appends an entry (the runtime's hooks call this). */
  record(entry: NewEntry): void {
    const full = withSeq(++this.#total, entry);
    if (full.kind === "readyState") {
      if (this.#stateCount < MAX_STATES) {
        this.#states = this.#states * 4 + full.to;
        this.#stateCount++;
      }
    } else if (full.kind === "accept") {
      this.#accept ??= full;
    } else if (full.kind === "close") {
      this.#close ??= full;
    }
    const ring = this.#ring;
    if (ring.length < SMALL_RING && ring.length < this.limit) {
      // Most sockets record a few entries. push() would grow the array to 17 slots at once, so a
      // small ring is copied to its exact size instead.
      const grown = new Array<TranscriptEntry>(ring.length + 1);
      for (let i = 0; i < ring.length; i++) grown[i] = ring[i] as TranscriptEntry;
      grown[ring.length] = full;
      this.#ring = grown;
    } else if (ring.length < this.limit) {
      ring.push(full);
    } else {
      const overwritten = ring[this.#next] as TranscriptEntry;
      if (overwritten.kind === "sent" || overwritten.kind === "received") {
        this.#payloadBytes -= payloadWeight(overwritten.data);
        if (overwritten.data instanceof PayloadDigest) this.#digested--;
      }
      ring[this.#next] = full;
      this.#next = (this.#next + 1) % this.limit;
    }
    if (full.kind === "sent" || full.kind === "received") {
      this.#payloadBytes += payloadWeight(full.data);
      if (this.#payloadBytes > this.byteBudget) this.#digestOldest();
    }
    const listeners = this.#listeners;
    if (listeners !== undefined && listeners.size > 0) {
      for (const listener of [...listeners]) listener(full);
    }
  }
}

/**
 * A socket's first entry, held on its own until a second one comes or someone reads the
 * transcript: most sockets a test keeps open have recorded accept() and nothing else, and a
 * Transcript with its ring is several times the size of one entry (memory per open pair).
 */
class FirstEntry {
  readonly #initialState: ReadyStateValue;
  readonly entry: NewEntry;

  constructor(initialState: ReadyStateValue, entry: NewEntry) {
    this.#initialState = initialState;
    this.entry = entry;
  }

  get initialState(): ReadyStateValue {
    return this.#initialState;
  }

  /** A private-field check: `instanceof` cost 40 ns on every entry a socket records (bench --profile). */
  static holds(value: object): value is FirstEntry {
    return #initialState in value;
  }
}

/**
 * Each socket's transcript is kept on its SocketCore rather than in a WeakMap: every open socket
 * has one, and V8's full GC walks a WeakMap's entries as ephemerons, a cost that grows with the
 * number of sockets alive (it showed as GC time in the churn benchmark). Until its second entry
 * the core holds a FirstEntry, turned into the Transcript here on first use.
 */
const transcripts = {
  get(core: SocketCore): Transcript | undefined {
    const held = core.transcript as Transcript | FirstEntry | undefined;
    if (held === undefined || !FirstEntry.holds(held)) return held;
    const transcript = newTranscript(core, held.initialState);
    transcript.record(held.entry);
    core.transcript = transcript;
    return transcript;
  },
  set(core: SocketCore, transcript: Transcript | FirstEntry): void {
    core.transcript = transcript;
  },
};

function newTranscript(core: SocketCore, initialState: ReadyStateValue): Transcript {
  return new Transcript(
    limitOf(core),
    initialState,
    core.context.transcriptBytes ?? DEFAULT_TRANSCRIPT_BYTES,
  );
}

function limitOf(core: SocketCore): number {
  return core.context.transcriptLimit ?? DEFAULT_TRANSCRIPT_LIMIT;
}

/** `transcript: false`: every hook returns before building an entry, so nothing is allocated. */
function isOff(core: SocketCore): boolean {
  return core.context.transcriptLimit === 0;
}

/** The socket's transcript, created on first use; undefined when its runtime records none. */
function transcriptFor(core: SocketCore, initialState: number = core.readyState): Transcript | undefined {
  const existing = transcripts.get(core);
  if (existing !== undefined) return existing;
  const limit = limitOf(core);
  if (limit === 0) return undefined;
  const created = new Transcript(
    limit,
    initialState as ReadyStateValue,
    core.context.transcriptBytes ?? DEFAULT_TRANSCRIPT_BYTES,
  );
  transcripts.set(core, created);
  return created;
}

/**
 * Records a readyState change that no hook reported (a client socket cancelled while connecting
 * reads OPEN without a transition of its own), so the history never skips a state.
 */
function catchUp(transcript: Transcript, core: SocketCore): void {
  const now = core.readyState as ReadyStateValue;
  const last = transcript.readyState;
  if (now !== last)
    transcript.record({ kind: "readyState", from: last, to: now, cause: unobservedCause(last, now) });
}

function unobservedCause(from: number, to: number): string {
  return from === 0 && to === 1 ? "connected" : "unobserved change";
}

function record(core: SocketCore, entry: NewEntry): void {
  if (core.transcript === undefined) {
    if (isOff(core)) return;
    // The first entry: nothing to catch up with (the transcript would start at this state).
    transcripts.set(core, new FirstEntry(core.readyState as ReadyStateValue, entry));
    return;
  }
  const transcript = transcriptFor(core);
  if (transcript === undefined) return;
  catchUp(transcript, core);
  transcript.record(entry);
}

// ---- what the runtime's hooks call: socket-registry.ts (the socket's observer) and websocket.ts
// (where accept/send/close throw or decide to ignore a call) ----

export function recordReadyState(core: SocketCore, from: number, cause: string): void {
  if (isOff(core)) return;
  const transcript = transcriptFor(core, from);
  if (transcript === undefined) return;
  const last = transcript.readyState;
  if (last !== from) {
    const to = from as ReadyStateValue;
    transcript.record({ kind: "readyState", from: last, to, cause: unobservedCause(last, to) });
  }
  transcript.record({
    kind: "readyState",
    from: from as ReadyStateValue,
    to: core.readyState as ReadyStateValue,
    cause,
  });
}

export function recordAccept(core: SocketCore, allowHalfOpen: boolean | undefined): void {
  if (isOff(core)) return;
  record(core, { kind: "accept", allowHalfOpen, halfOpen: core.allowHalfOpen });
}

export function recordSent(core: SocketCore, frame: Frame): void {
  if (isOff(core)) return;
  if (frame.kind === "close") {
    // Only close() enqueues a Close frame (the automatic reply bypasses the queue's observer).
    const none = frame.code === 1005;
    record(core, {
      kind: "closeCall",
      code: none ? undefined : frame.code,
      reason: none ? undefined : frame.reason,
    });
  } else {
    record(core, { kind: "sent", data: frame.data });
  }
}

export function recordReceived(core: SocketCore, frame: Frame): void {
  if (isOff(core)) return;
  if (frame.kind === "close") {
    record(core, { kind: "close", code: frame.code, reason: frame.reason, wasClean: true });
  } else {
    record(core, { kind: "received", data: frame.data });
  }
}

/** Events the runtime dispatches from a continuation: error, open and the unclean close. */
export function recordReportedEvent(core: SocketCore, event: Event): void {
  if (isOff(core)) return;
  const e = event as unknown as { type: string; code: number; reason: string; wasClean: boolean };
  if (e.type === "close") {
    record(core, { kind: "close", code: e.code, reason: e.reason, wasClean: e.wasClean });
  } else if (e.type === "error") {
    const { error, message } = event as unknown as { error: unknown; message: string };
    record(core, { kind: "error", error, message });
  } else if (e.type === "open") {
    record(core, { kind: "open" });
  }
}

/** The error event of a socket's reportError(), recorded whether or not the event is made. */
export function recordReportedError(core: SocketCore, error: unknown, message: string): void {
  if (isOff(core)) return;
  record(core, { kind: "error", error, message });
}

/** accept(), send() or close() threw (websocket.ts calls this where the method throws). */
export function recordThrownCall(
  core: SocketCore,
  method: SocketMethod,
  args: unknown[],
  error: unknown,
): void {
  if (isOff(core)) return;
  record(core, { kind: "threw", method, args, error });
}

/** accept(), send() or close() returned without effect (websocket.ts calls this where it decides so). */
export function recordIgnoredCall(core: SocketCore, method: SocketMethod, args: unknown[]): void {
  if (isOff(core)) return;
  record(core, { kind: "ignored", method, args });
}

/** state.acceptWebSocket() took effect (durable-objects/hibernation/ calls this). */
export function recordAcceptWebSocket(core: SocketCore, tags: readonly string[], owner: string): void {
  if (isOff(core)) return;
  record(core, { kind: "acceptWebSocket", tags, owner });
}

/** An event of a hibernatable socket went to its owner's handler method. */
export function recordHandlerDelivery(core: SocketCore, method: HibernationHandlerName, owner: string): void {
  if (isOff(core)) return;
  record(core, { kind: "handler", method, owner });
}

/**
 * What `ws` did so far: its transcript (created on demand). Throws a TypeError for anything that is
 * not a workers-ws WebSocket, and for a socket whose runtime was created with `transcript: false`.
 */
export function transcriptOf(ws: WebSocket): Transcript {
  const elsewhere = socketElsewhere(ws);
  if (elsewhere !== undefined) {
    if (elsewhere.transcript !== undefined) return elsewhere.transcript;
    throw new TypeError(
      "workers-ws: this WebSocket has no transcript, because its runtime was created with the option transcript: false.",
    );
  }
  if (!isWebSocket(ws)) {
    throw new TypeError(`transcriptOf() needs a WebSocket created by workers-ws, got ${describeValue(ws)}.`);
  }
  const transcript = transcriptFor(socketCore(ws));
  if (transcript === undefined) {
    throw new TypeError(
      "workers-ws: this WebSocket has no transcript, because its runtime was created with the option transcript: false.",
    );
  }
  return transcript;
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return `an object (${Object.prototype.toString.call(value)})`;
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}
