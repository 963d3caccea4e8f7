import { uncoupled } from "../transport/coupled-transport.js";
import type { Transport } from "../transport/transport.js";
import { socketRegistryOf } from "../websocket/socket-registry.js";
import { socketCore, type WebSocket } from "../websocket/websocket.js";

/**
 * Takes the transport out of the caller's end that dispatchFetch made for a returned 101
 * (response/return-to-caller.ts), so serve() can join it to a real connection instead of handing
 * a WebSocket object to JavaScript. The emptied end is forgotten: it is not a socket anyone holds.
 */
export function detachTransport(callerEnd: WebSocket): Transport {
  const core = socketCore(callerEnd);
  const transport = core.transport;
  if (!transport || core.state !== "awaiting") {
    throw new Error("workers-ws internal error: the caller's end of a returned WebSocket was already used");
  }
  core.state = "released";
  socketRegistryOf(core.context).forget(core);
  return uncoupled(transport);
}
