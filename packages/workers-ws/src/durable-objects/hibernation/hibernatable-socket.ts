import type { IoContext } from "../../runtime/io-context.js";
import { queueAfterMicrotasks } from "../../scheduler/delivery-loop.js";
import type { HibernatableEnd, HibernatableReceiver, SocketCore } from "../../websocket/socket-core.js";
import { type HibernationHandlerName, recordHandlerDelivery } from "../../websocket/transcript.js";
import type { WebSocket } from "../../websocket/websocket.js";

/** What a hibernatable socket needs from the manager that owns it. */
export interface SocketOwner {
  readonly label: string;
  /** The host's own label (hibernatableSocketInfo hands it out). */
  readonly hostLabel: { readonly className: string; readonly bindingName?: string; readonly id: string };
  ioContext(): IoContext;
  /** The auto-response in force, if any. */
  autoResponse(): { readonly request: string; readonly response: string } | undefined;
  /** Delivers an event to the object's handler (the manager adds the event timeout). */
  deliver(name: HibernationHandlerName, args: unknown[]): void;
  /** The socket's close or error event was delivered: it leaves getWebSockets(). */
  drop(socket: HibernatableSocket): void;
}

/**
 * One socket accepted by state.acceptWebSocket(): the receiver its SocketCore hands frames to
 * (workerd io/legacy-hibernation-manager.c++ HibernatableWebSocket and its readLoop). It lives as
 * long as the socket, across evictions of the object: tags and the auto-response timestamp stay
 * here, the attachment stays on the WebSocket itself.
 */
export class HibernatableSocket implements HibernatableReceiver {
  /** When the auto-response last answered this socket (workerd: autoResponseTimestamp). */
  autoResponseAt: number | undefined = undefined;

  constructor(
    readonly core: SocketCore,
    readonly tags: readonly string[],
    readonly manager: SocketOwner,
  ) {}

  get owner(): string {
    return this.manager.label;
  }

  get socket(): WebSocket {
    return this.core.target as WebSocket;
  }

  ioContext(): IoContext {
    return this.manager.ioContext();
  }

  message(core: SocketCore, data: string | ArrayBuffer): void {
    const auto = this.manager.autoResponse();
    if (auto !== undefined && typeof data === "string" && data === auto.request) {
      // workerd readLoop: an exact match of a text message is answered without an event (and so
      // without constructing an evicted object); the timestamp is stored even when the reply is
      // not sent because close() was already called (sendAutoResponse checks isClosed).
      this.autoResponseAt = Date.now();
      if (!core.closedOutgoing && !core.outgoingAborted && core.state === "accepted") {
        // Queued with the socket's own sends, so auto replies and handler replies keep their order.
        core.enqueue({ kind: "text", data: auto.response });
      }
      core.readNextAfterMicrotasks();
      return;
    }
    this.#deliver(core, "webSocketMessage", [this.socket, data]);
    core.readNextAfterMicrotasks();
  }

  ended(core: SocketCore, end: HibernatableEnd): void {
    if (end.kind === "close") {
      this.#deliver(core, "webSocketClose", [this.socket, end.code, end.reason, end.wasClean]);
    } else {
      this.#deliver(core, "webSocketError", [this.socket, end.error]);
    }
    // workerd drops the socket from the manager once the event was dispatched (handleReadLoop
    // after readLoop returns; handleSocketTermination's KJ_DEFER), after the handler's synchronous
    // part and the microtasks it queued (observed: both still list it); from then on
    // getWebSockets() no longer lists it, whether or not the handler closed it.
    // (The delivery loop's captured primitives: fake timers cannot stall the drop.)
    queueAfterMicrotasks((socket) => socket.manager.drop(socket), this);
  }

  #deliver(core: SocketCore, name: HibernationHandlerName, args: unknown[]): void {
    recordHandlerDelivery(core, name, this.manager.label);
    this.manager.deliver(name, args);
  }
}
