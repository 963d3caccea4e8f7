// Stress: 10,000 pairs open at the same time. Every end gets one message from its peer, then all
// close; every close event must arrive and nothing may stay open. Prints one JSON line.
import { createRuntime, settle, WebSocketPair } from "workers-ws";

const PAIRS = Number(process.env.STRESS_PAIRS ?? 10_000);
const runtime = createRuntime({ compatibilityDate: "2026-11-01" });
runtime.activate();

const mb = (bytes) => Number((bytes / 1024 / 1024).toFixed(1));
globalThis.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const started = performance.now();

let messages = 0;
let closes = 0;
const pairs = [];
for (let i = 0; i < PAIRS; i++) {
  const pair = new WebSocketPair();
  const [a, b] = [pair[0], pair[1]];
  for (const ws of [a, b]) {
    ws.addEventListener("message", (event) => {
      if (event.data === `hello ${i}`) messages++;
    });
    ws.addEventListener("close", () => closes++);
    ws.accept();
  }
  a.send(`hello ${i}`);
  b.send(`hello ${i}`);
  pairs.push([a, b]);
}
await settle();
const openAtOnce = runtime.openSockets().length;
globalThis.gc?.();
const heapWithAllOpen = process.memoryUsage().heapUsed;
for (const [a] of pairs) a.close(1000, "bye");
await settle();
const seconds = (performance.now() - started) / 1000;
const openAfter = runtime.openSockets().length;
const allClosed = pairs.every(([a, b]) => a.readyState === 3 && b.readyState === 3);

// With auto-reply (2026) each close is answered: both ends of every pair see one close event.
const ok =
  openAtOnce === 2 * PAIRS && messages === 2 * PAIRS && closes === 2 * PAIRS && openAfter === 0 && allClosed;
console.log(
  JSON.stringify({
    stress: "many-open-pairs",
    ok,
    pairs: PAIRS,
    openSocketsAtOnce: openAtOnce,
    messagesDelivered: messages,
    closeEvents: closes,
    openSocketsAfterClose: openAfter,
    heapBeforeMB: mb(heapBefore),
    heapWithAllOpenMB: mb(heapWithAllOpen),
    bytesPerOpenPair: Math.round((heapWithAllOpen - heapBefore) / PAIRS),
    seconds: Number(seconds.toFixed(2)),
  }),
);
process.exit(ok ? 0 : 1);
