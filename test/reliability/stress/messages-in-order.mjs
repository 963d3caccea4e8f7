// Stress: 1,000,000 messages through one pair, checked in order with none lost or duplicated.
// Both directions at once (500,000 each way), text and binary mixed, sent in bursts of 10,000 with
// a settle() after each burst. Prints one JSON line. Run by `npm run stress` (stress/run.mjs).
import { createRuntime, settle, WebSocketPair } from "workers-ws";

const TOTAL = Number(process.env.STRESS_MESSAGES ?? 1_000_000);
const BURST = 10_000;

const runtime = createRuntime({ compatibilityDate: "2026-11-01" });
runtime.activate();
const pair = new WebSocketPair();
const [client, server] = [pair[0], pair[1]];
client.binaryType = "arraybuffer";
server.binaryType = "arraybuffer";

/** Each direction checks that message n carries n, as text ("n") or as a 4-byte little-endian view. */
function receiver(name) {
  const state = { name, next: 0, problems: 0, firstProblem: undefined };
  return {
    state,
    listener(event) {
      const n =
        typeof event.data === "string" ? Number(event.data) : new DataView(event.data).getUint32(0, true);
      if (n !== state.next) {
        state.problems++;
        state.firstProblem ??= `expected ${state.next}, got ${n}`;
      }
      state.next = n + 1;
    },
  };
}
const atServer = receiver("client→server");
const atClient = receiver("server→client");
server.addEventListener("message", atServer.listener);
client.addEventListener("message", atClient.listener);
client.accept();
server.accept();

function payload(n) {
  if (n % 2 === 0) return String(n);
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, n, true);
  return bytes;
}

const perDirection = TOTAL / 2;
const started = performance.now();
for (let sent = 0; sent < perDirection; sent += BURST) {
  for (let n = sent; n < Math.min(sent + BURST, perDirection); n++) {
    client.send(payload(n));
    server.send(payload(n));
  }
  await settle();
}
const seconds = (performance.now() - started) / 1000;
client.close(1000, "done");
await settle();

const received = atServer.state.next + atClient.state.next;
const ok =
  received === TOTAL &&
  atServer.state.next === perDirection &&
  atClient.state.next === perDirection &&
  atServer.state.problems === 0 &&
  atClient.state.problems === 0 &&
  runtime.openSockets().length === 0;
console.log(
  JSON.stringify({
    stress: "messages-in-order",
    ok,
    messages: TOTAL,
    received,
    outOfOrderOrDuplicated: atServer.state.problems + atClient.state.problems,
    firstProblem: atServer.state.firstProblem ?? atClient.state.firstProblem ?? null,
    seconds: Number(seconds.toFixed(2)),
    messagesPerSecond: Math.round(TOTAL / seconds),
    openSocketsAfterClose: runtime.openSockets().length,
  }),
);
process.exit(ok ? 0 : 1);
