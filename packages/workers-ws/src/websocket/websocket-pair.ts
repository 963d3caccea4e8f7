import { createWebSocketError } from "../errors/catalogue.js";
import { activeContext } from "../runtime/context.js";
import { createPairPipe } from "../transport/pair-pipe.js";
import { illegalInvocation, isObjectLike } from "../webidl/brand-check.js";
import { guardOf } from "../webidl/require-new.js";
import { socketRegistryOf, withSharedCreationSite } from "./socket-registry.js";
import { createPairEnd, socketCore, type WebSocket } from "./websocket.js";

/**
 * `new WebSocketPair()`: two WebSocket ends joined by an in-memory pipe. As in workerd, "0" and
 * "1" are own, enumerable, read-only data properties, the pair is iterable, and both ends start
 * OPEN (1) before accept().
 */
export class WebSocketPair {
  declare readonly 0: WebSocket;
  declare readonly 1: WebSocket;
  // Private fields rather than WeakMaps: V8's full GC walks WeakMap entries one by one, and a test
  // run creates many pairs.
  readonly #fastStruct: boolean;

  constructor() {
    if (new.target === undefined) throw createWebSocketError("ConstructorNeedsNew", "WebSocketPair");
    const [a, b] = createPairPipe();
    // Both ends share one capture of where the pair was created (for the leftover-socket report).
    const context = activeContext();
    const registry = socketRegistryOf(context);
    const [end0, end1] = withSharedCreationSite(registry, WebSocketPair, guardOf(WebSocketPair), () => [
      createPairEnd(a),
      createPairEnd(b),
    ]);
    // Each end knows its peer: acceptWebSocket() needs the other end still unaccepted and unreturned.
    const core0 = socketCore(end0);
    const core1 = socketCore(end1);
    core0.peer = core1;
    core1.peer = core0;
    Object.defineProperty(this, "0", { value: end0, writable: false, enumerable: true, configurable: true });
    Object.defineProperty(this, "1", { value: end1, writable: false, enumerable: true, configurable: true });
    this.#fastStruct = context.settings.fastJsgStruct;
  }

  /**
   * workerd's iterator results list `done` before `value`; the final one is `{ done: true }`, or
   * `{ done: true, value: undefined }` with enable_fast_jsg_struct (2025-12-03).
   */
  [Symbol.iterator](): Iterator<WebSocket> {
    // workerd's brand check: the iterator of anything but a pair is an illegal invocation.
    if (!isObjectLike(this) || !(#fastStruct in this)) illegalInvocation();
    const ends = [this[0], this[1]];
    const valueWhenDone = this.#fastStruct;
    let index = 0;
    return {
      next: () => {
        if (index < ends.length) return { done: false, value: ends[index++] as WebSocket };
        return (
          valueWhenDone ? { done: true, value: undefined } : { done: true }
        ) as IteratorResult<WebSocket>;
      },
    };
  }
}
