/**
 * Miniflare 2 (@miniflare/web-sockets 2.14.4, a devDependency): its WebSocketPair and WebSocket as
 * the package exports them. Each send() dispatches a MessageEvent at the other end after the
 * output gate (a microtask outside a request); a received Close is not answered automatically.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export async function createAdapter() {
  const { WebSocketPair } = require("@miniflare/web-sockets");
  const { version } = require("@miniflare/web-sockets/package.json");
  return {
    name: "miniflare2",
    version: `@miniflare/web-sockets ${version}`,
    notes: {},
    repliesToCloseItself: false,
    copiesBinaryOnSend: false,
    closeEventsHaveCodes: true,
    createPair() {
      const pair = new WebSocketPair();
      return [pair[0], pair[1]];
    },
    accept(ws) {
      ws.accept();
    },
    /** Miniflare 2 hands the receiver the sender's object; it has no binaryType. */
    receiveArrayBuffers() {},
    readyState(ws) {
      return ws.readyState;
    },
    /** Every dispatch is one microtask after send(); nothing is left once the last has run. */
    settle() {
      return Promise.resolve();
    },
    async releaseAll() {},
    dispose() {},
  };
}
