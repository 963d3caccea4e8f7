import { createWebSocketError } from "../errors/catalogue.js";
import { activeContext } from "../runtime/context.js";
import { createPairPipe } from "../transport/pair-pipe.js";
import { createPairEnd, type WebSocket } from "./websocket.js";

/**
 * `new WebSocketPair()`: two WebSocket ends joined by an in-memory pipe. As in workerd, "0" and
 * "1" are own, enumerable, read-only data properties, the pair is iterable, and both ends start
 * OPEN (1) before accept().
 */
export class WebSocketPair {
  declare readonly 0: WebSocket;
  declare readonly 1: WebSocket;

  constructor() {
    if (new.target === undefined) throw createWebSocketError("ConstructorNeedsNew", "WebSocketPair");
    const [a, b] = createPairPipe();
    for (const [key, transport] of [
      ["0", a],
      ["1", b],
    ] as const) {
      Object.defineProperty(this, key, {
        value: createPairEnd(transport),
        writable: false,
        enumerable: true,
        configurable: true,
      });
    }
    tagged.set(this, activeContext().settings.setToStringTag);
  }

  *[Symbol.iterator](): IterableIterator<WebSocket> {
    yield this[0];
    yield this[1];
  }

  /** workerd: `[object WebSocketPair]` only with set_tostring_tag. */
  get [Symbol.toStringTag](): string | undefined {
    return tagged.get(this) ? "WebSocketPair" : undefined;
  }
}

const tagged = new WeakMap<WebSocketPair, boolean>();
