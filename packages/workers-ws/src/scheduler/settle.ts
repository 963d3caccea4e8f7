import { deliveryLoop } from "./delivery-loop.js";

/**
 * Waits until every event in flight has been delivered, including events those deliveries cause
 * (a reply sent from a handler, the close handshake). Events only start after the current
 * microtasks, so `await settle()` right after `send()` or `close()` sees their effects. Timers are
 * not waited for.
 */
export function settle(): Promise<void> {
  return deliveryLoop.settle();
}
