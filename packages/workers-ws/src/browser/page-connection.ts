/**
 * The browser side of one page socket: the WHATWG WebSocket state machine ("feedback from the
 * protocol") over the same Transport a Workers `new WebSocket(url)` uses, reached through the same
 * outbound layers (outbound-layers.ts: a routed Worker answers the handshake through its fetch
 * handler). What differs from the Workers socket (websocket/socket-core.ts) is why this is its own
 * file: no accept(), no half-open, messages ignored once close() was called, a close() while
 * connecting fails the connection, a refused handshake gives error then close 1006, and every
 * event goes to the page's listeners as a task of its own with the microtasks it queued run
 * before the next (HTML event loop), delivered by the runtime's loop, whose captured timers fake
 * timers cannot stall.
 */
import { webSocketErrorKind } from "../errors/catalogue.js";
import { outboundConnect } from "../outbound/outbound-layers.js";
import type { RuntimeContext } from "../runtime/context.js";
import { deliveryLoop } from "../scheduler/delivery-loop.js";
import { type Frame, isFailure, type Transport, type TransportFailure } from "../transport/transport.js";
import type { ClientConnection } from "../websocket/client-connect.js";
import { READY_STATE } from "../websocket/socket-core.js";
import { DEFAULT_TRANSCRIPT_BYTES, type ReadyStateValue, Transcript } from "../websocket/transcript.js";
import type { PageBlob, PageRealm } from "./page-realm.js";

/** What send() queues: a frame, or a Blob whose bytes are read first (in order with the rest). */
type Outgoing =
  | { readonly frame: Frame; readonly size: number }
  | { readonly blob: PageBlob; readonly size: number };

export class PageConnection {
  readyState: number = READY_STATE.CONNECTING;
  bufferedAmount = 0;
  protocol = "";
  extensions = "";
  binaryType: "blob" | "arraybuffer" = "blob";
  readonly transcript: Transcript | undefined;
  #transport: Transport | undefined;
  #closeSent = false;
  #closeReceived = false;
  /** The connection failed or the page went away: no more events. */
  #finished = false;
  readonly #outgoing: Outgoing[] = [];
  #pumping = false;
  /** The origin of the URL, for MessageEvent.origin. */
  readonly #origin: string;

  constructor(
    readonly target: object & { dispatchEvent(event: object): boolean },
    readonly realm: PageRealm,
    readonly context: RuntimeContext,
    readonly url: string,
    readonly protocols: readonly string[],
    readonly onFinished: (connection: PageConnection) => void,
  ) {
    this.#origin = new URL(url).origin;
    this.transcript =
      (context.transcriptLimit ?? 0) > 0
        ? new Transcript(
            context.transcriptLimit as number,
            0,
            context.transcriptBytes ?? DEFAULT_TRANSCRIPT_BYTES,
          )
        : undefined;
  }

  /** Starts the handshake: an upgrade request as a browser sends it from this page. */
  connect(): void {
    const httpUrl = new URL(this.url);
    httpUrl.protocol = httpUrl.protocol === "wss:" ? "https:" : "http:";
    const headers = new Headers({ Origin: this.realm.origin(), "User-Agent": this.realm.userAgent() });
    const cookie = this.realm.cookieHeader(httpUrl);
    if (cookie !== "") headers.set("Cookie", cookie);
    outboundConnect(this.context, { url: this.url, protocols: this.protocols, headers }).then(
      (connection) => deliveryLoop.enqueue(() => this.#onConnected(connection, httpUrl)),
      (error: unknown) => deliveryLoop.enqueue(() => this.#onRefused(error)),
    );
  }

  #onConnected(connection: ClientConnection, httpUrl: URL): boolean {
    if (this.#finished || this.readyState !== READY_STATE.CONNECTING) {
      // close() while connecting (or the page closed) already failed this connection.
      connection.transport.release();
      return false;
    }
    const setCookies = connection.responseHeaders?.getSetCookie?.() ?? [];
    if (setCookies.length > 0) this.realm.storeCookies(httpUrl, setCookies);
    const chosen = connection.protocol ?? "";
    // RFC 6455 §4.1: a subprotocol the client did not offer fails the connection. Chromium also
    // fails when protocols were offered and the server chose none ("Sent non-empty
    // 'Sec-WebSocket-Protocol' header but no response was received").
    const offered = this.protocols.length > 0;
    if ((chosen !== "" && !this.protocols.includes(chosen)) || (offered && chosen === "")) {
      connection.transport.release();
      const why =
        chosen === ""
          ? "Sent non-empty 'Sec-WebSocket-Protocol' header but no response was received"
          : `'Sec-WebSocket-Protocol' header value '${chosen}' in response does not match any of sent values`;
      return this.#fail(`Error during WebSocket handshake: ${why}`);
    }
    this.#transport = connection.transport;
    this.protocol = chosen;
    this.extensions = connection.extensions ?? "";
    this.#setReadyState(READY_STATE.OPEN, "connected");
    this.transcript?.record({ kind: "open" });
    this.target.dispatchEvent(new this.realm.Event("open"));
    this.#receiveNext();
    return true;
  }

  /** The handshake failed: the Worker did not answer 101, or nothing answers the URL. */
  #onRefused(error: unknown): boolean {
    if (this.#finished) return false;
    const message = error instanceof Error ? error.message : String(error);
    // Chromium's console wording; scripts only see error and close 1006 either way.
    const status =
      webSocketErrorKind(error) === "HandshakeNot101"
        ? /received (\d+) instead/.exec(message)?.[1]
        : undefined;
    return this.#fail(
      status !== undefined
        ? `Error during WebSocket handshake: Unexpected response code: ${status}`
        : `WebSocket connection to '${this.url}' failed: ${message}`,
    );
  }

  /**
   * WHATWG "fail the WebSocket connection", then "the WebSocket connection is closed" with the
   * flag that makes it fire error first: CLOSED, error, then close 1006 with an empty reason
   * (browsers never say why, to scripts; the transcript keeps `why`).
   */
  #fail(why: string): boolean {
    this.#finished = true;
    this.#transport?.release();
    this.#transport = undefined;
    this.#setReadyState(READY_STATE.CLOSED, "connection failed");
    this.transcript?.record({ kind: "error", error: why, message: why });
    this.target.dispatchEvent(new this.realm.Event("error"));
    deliveryLoop.enqueue(() => this.#dispatchClose(1006, "", false));
    this.onFinished(this);
    return true;
  }

  #dispatchClose(code: number, reason: string, wasClean: boolean): boolean {
    this.transcript?.record({ kind: "close", code, reason, wasClean });
    this.target.dispatchEvent(new this.realm.CloseEvent("close", { code, reason, wasClean }));
    return true;
  }

  // ---- send and close (the API class has validated arguments) ----

  /** WHATWG send() after the CONNECTING check: counted in bufferedAmount, sent only when OPEN. */
  send(item: Outgoing, recorded: string | Uint8Array | undefined): void {
    this.bufferedAmount += item.size;
    if (this.readyState !== READY_STATE.OPEN || this.#closeSent) {
      // The spec keeps counting data sent after close; it is never transmitted.
      this.transcript?.record({ kind: "ignored", method: "send", args: [recorded ?? "(Blob)"] });
      return;
    }
    if (recorded !== undefined) this.transcript?.record({ kind: "sent", data: recorded });
    this.#outgoing.push(item);
    this.#pump();
  }

  close(code: number | undefined, reason: string): void {
    if (this.readyState === READY_STATE.CLOSING || this.readyState === READY_STATE.CLOSED) return;
    this.transcript?.record({ kind: "closeCall", code, reason: code === undefined ? undefined : reason });
    if (this.readyState === READY_STATE.CONNECTING) {
      // WHATWG close() step 3: fail the connection, ready state CLOSING until the close event.
      this.#setReadyState(READY_STATE.CLOSING, "close() while connecting");
      deliveryLoop.enqueue(() => this.#fail("WebSocket is closed before the connection is established."));
      return;
    }
    this.#closeSent = true;
    this.#setReadyState(READY_STATE.CLOSING, "close() called");
    this.#outgoing.push({ frame: { kind: "close", code: code ?? 1005, reason }, size: 0 });
    this.#pump();
  }

  /** The page went away: close with 1001 and dispatch nothing more (WHATWG "make disappear"). */
  disappear(): void {
    if (this.#finished) return;
    this.#finished = true;
    const transport = this.#transport;
    if (transport && !this.#closeSent && !this.#closeReceived) {
      this.#closeSent = true;
      this.#outgoing.length = 0;
      transport.send({ kind: "close", code: 1001, reason: "" }, () => transport.release());
    } else {
      transport?.release();
    }
    this.#setReadyState(READY_STATE.CLOSED, "page closed");
    this.onFinished(this);
  }

  #pump(): void {
    if (this.#pumping || this.#transport === undefined) return;
    const item = this.#outgoing.shift();
    if (item === undefined) return;
    this.#pumping = true;
    if ("frame" in item) {
      this.#transmit(item.frame, item.size);
      return;
    }
    item.blob.arrayBuffer().then(
      (buffer) => this.#transmit({ kind: "binary", data: new Uint8Array(buffer) }, item.size, true),
      () => {
        this.#pumping = false;
        this.#pump();
      },
    );
  }

  #transmit(frame: Frame, size: number, recordBlob = false): void {
    const transport = this.#transport;
    if (transport === undefined || this.#finished) {
      this.#pumping = false;
      return;
    }
    if (recordBlob && frame.kind === "binary") this.transcript?.record({ kind: "sent", data: frame.data });
    transport.send(frame, (failure?: TransportFailure) => {
      this.bufferedAmount -= size;
      this.#pumping = false;
      if (failure) return;
      if (frame.kind === "close" && this.#closeReceived) this.#closed(this.#peerClose);
      else this.#pump();
    });
  }

  // ---- receiving ----

  #peerClose: { code: number; reason: string } = { code: 1005, reason: "" };

  #receiveNext(): void {
    this.#transport?.receive((result) => {
      // Each frame is its own task; the listeners' microtasks run before the next one.
      deliveryLoop.enqueue(() => this.#onReceived(result));
    }, undefined);
  }

  #onReceived(result: Frame | TransportFailure): boolean {
    if (this.#finished) return false;
    if (isFailure(result)) {
      if (result.kind === "protocol") return this.#fail(result.error.message);
      // The peer went away without a Close frame: CLOSED, close 1006, no error event (WHATWG:
      // only a failed connection fires error; Chromium does the same for a dropped connection).
      this.#finished = true;
      this.#transport?.release();
      this.#transport = undefined;
      this.#setReadyState(READY_STATE.CLOSED, "peer disconnected");
      this.onFinished(this);
      return this.#dispatchClose(1006, "", false);
    }
    if (result.kind === "close") {
      this.#closeReceived = true;
      this.#peerClose = { code: result.code, reason: result.reason };
      if (!this.#closeSent) {
        // RFC 6455 §5.5.1: answer a Close with the code it carried.
        this.#closeSent = true;
        this.#setReadyState(READY_STATE.CLOSING, "close frame received");
        // Data queued behind the reply would never be sent: the reply goes next.
        this.#outgoing.length = 0;
        this.#outgoing.push({ frame: { kind: "close", code: result.code, reason: result.reason }, size: 0 });
        this.#pump();
      } else if (!this.#pumping) {
        this.#closed(this.#peerClose);
      }
      return false;
    }
    this.transcript?.record({ kind: "received", data: result.data });
    let ranUserCode = false;
    // WHATWG "a WebSocket message has been received": ignored unless OPEN (e.g. after close()).
    if (this.readyState === READY_STATE.OPEN) {
      const data = result.kind === "text" ? result.data : this.#binaryData(result.data);
      this.target.dispatchEvent(new this.realm.MessageEvent("message", { data, origin: this.#origin }));
      ranUserCode = true;
    }
    this.#receiveNext();
    return ranUserCode;
  }

  #binaryData(bytes: Uint8Array): unknown {
    if (this.binaryType === "blob") return new this.realm.Blob([bytes]);
    const buffer = new this.realm.ArrayBuffer(bytes.byteLength);
    new Uint8Array(buffer).set(bytes);
    return buffer;
  }

  /** The closing handshake is complete: the transport goes, then CLOSED and a clean close event. */
  #closed({ code, reason }: { code: number; reason: string }): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#transport?.release();
    this.#transport = undefined;
    deliveryLoop.enqueue(() => {
      this.#setReadyState(READY_STATE.CLOSED, "closing handshake done");
      this.onFinished(this);
      return this.#dispatchClose(code, reason, true);
    });
  }

  #setReadyState(to: number, cause: string): void {
    const from = this.readyState;
    if (from === to) return;
    this.readyState = to;
    this.transcript?.record({
      kind: "readyState",
      from: from as ReadyStateValue,
      to: to as ReadyStateValue,
      cause,
    });
  }
}

export type { Outgoing };
