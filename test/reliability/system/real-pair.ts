/**
 * The system under test: a real WebSocketPair in its own runtime, with listeners that record what
 * they see in the same shape the reference model predicts (model/pair-model.ts Observed).
 */
import {
  CloseEvent,
  createRuntime,
  Event,
  MessageEvent,
  Response,
  type Runtime,
  settle,
  type WebSocket,
  WebSocketPair,
} from "workers-ws";
import { shapeOf, type ThrownShape } from "../model/expected-errors.js";
import {
  type DataSeen,
  type End,
  type ListenerSpec,
  type ListenerType,
  listenerKey,
  type Observed,
  type Outcome,
  type SyntheticEventSpec,
} from "../model/pair-model.js";

type AnyEvent = {
  data?: unknown;
  code?: number;
  reason?: string;
  wasClean?: boolean;
  message?: string;
  error?: unknown;
};

export class RealPair {
  readonly runtime: Runtime;
  readonly sockets: [WebSocket, WebSocket];
  readonly events: [Observed[], Observed[]] = [[], []];
  readonly uncaught: Array<{ class: string; message: string }> = [];
  /** Blob contents are read after delivery; reading never runs inside a listener. */
  readonly #blobReads: Array<Promise<void>> = [];
  readonly #listeners = new Map<string, (this: unknown, event: AnyEvent) => void>();
  readonly #deactivate: () => void;

  constructor(compatibilityDate: string, compatibilityFlags: readonly string[]) {
    this.runtime = createRuntime({
      compatibilityDate,
      compatibilityFlags,
      onUncaughtError: (error) => {
        const shape = shapeOf(error);
        this.uncaught.push({ class: shape.class, message: shape.message });
      },
    });
    this.#deactivate = this.runtime.activate();
    const pair = new WebSocketPair();
    this.sockets = [pair[0], pair[1]];
  }

  /** Runs a call and reports what it returned or threw, never letting it escape. */
  static call(fn: () => unknown): Outcome {
    try {
      return { returned: fn() };
    } catch (error) {
      const shape: ThrownShape = shapeOf(error);
      return { threw: shape };
    }
  }

  readyStates(): [number, number] {
    return [this.sockets[0].readyState, this.sockets[1].readyState];
  }

  addListener(end: End, spec: ListenerSpec): void {
    const key = `${end}/${spec.type}/${listenerKey(spec)}`;
    let fn = this.#listeners.get(key);
    if (!fn) {
      const socket = this.sockets[end];
      const log = this.events[end];
      const blobReads = this.#blobReads;
      fn = function (this: unknown, event: AnyEvent) {
        const entry = observe(spec, event, socket.readyState, this === socket, blobReads);
        log.push(entry);
        if (spec.behaviour === "reply" && entry.type === "message" && entry.data.kind === "text") {
          const text = entry.data.text;
          if (!text.startsWith("re:")) entry.replied = RealPair.call(() => socket.send(`re:${text}`));
        }
        if (spec.behaviour === "throw") {
          throw spec.throwClass === "TypeError"
            ? new TypeError(`boom ${spec.id}`)
            : new Error(`boom ${spec.id}`);
        }
      };
      this.#listeners.set(key, fn);
    }
    this.sockets[end].addEventListener(spec.type, fn as never, spec.once ? { once: true } : undefined);
  }

  removeListener(end: End, key: string, type: ListenerType): void {
    const fn = this.#listeners.get(`${end}/${type}/${key}`);
    if (fn) this.sockets[end].removeEventListener(type, fn as never);
  }

  dispatchSynthetic(end: End, spec: SyntheticEventSpec): Outcome {
    const socket = this.sockets[end];
    return RealPair.call(() => {
      const event =
        spec.kind === "message"
          ? new MessageEvent("message", { data: spec.data })
          : spec.kind === "plain-message"
            ? new Event("message")
            : new CloseEvent("close", { code: spec.code, reason: spec.reason, wasClean: spec.wasClean });
      return socket.dispatchEvent(event);
    });
  }

  response(init: Record<string, unknown> | undefined, body: unknown): Outcome {
    const outcome = RealPair.call(() => new Response(body as null, init as never));
    if ("threw" in outcome) return outcome;
    const response = outcome.returned as Response;
    const ws = response.webSocket;
    return {
      returned: {
        status: response.status,
        webSocket: ws === null ? null : this.sockets.indexOf(ws as WebSocket),
      },
    };
  }

  async settle(): Promise<void> {
    await settle();
    while (this.#blobReads.length > 0) await Promise.all(this.#blobReads.splice(0));
  }

  dispose(): void {
    this.runtime.dispose();
    this.#deactivate();
  }
}

function observe(
  spec: ListenerSpec,
  event: AnyEvent,
  rs: number,
  thisIsTarget: boolean,
  blobReads: Array<Promise<void>>,
): Observed {
  const base = { listener: spec.id, rs, thisIsTarget };
  switch (spec.type) {
    case "message":
      return { ...base, type: "message", data: dataSeen(event.data, blobReads) };
    case "close":
      return {
        ...base,
        type: "close",
        code: event.code as number,
        reason: event.reason as string,
        wasClean: event.wasClean as boolean,
      };
    case "error": {
      const error = shapeOf(event.error);
      return {
        ...base,
        type: "error",
        message: String(event.message),
        error: { class: error.class, message: error.message },
      };
    }
  }
}

function dataSeen(data: unknown, blobReads: Array<Promise<void>>): DataSeen {
  if (data === undefined) return { kind: "none" };
  if (typeof data === "string") return { kind: "text", text: data };
  if (data instanceof ArrayBuffer) return { kind: "arraybuffer", hex: Buffer.from(data).toString("hex") };
  if (data instanceof Blob) {
    const seen: DataSeen = { kind: "blob", hex: "", size: data.size, type: data.type };
    blobReads.push(
      data.arrayBuffer().then((bytes) => {
        seen.hex = Buffer.from(bytes).toString("hex");
      }),
    );
    return seen;
  }
  return { kind: "text", text: `unexpected data ${Object.prototype.toString.call(data)}` };
}
