// Stress: 100,000 create/accept/send/close cycles; the heap after GC must stay flat. Samples the
// heap (after gc()) every 10,000 cycles and fits a line through the samples. Needs --expose-gc.
// Prints one JSON line.
import { createRuntime, settle, WebSocketPair } from "workers-ws";

if (typeof globalThis.gc !== "function") {
  console.error("lifecycle-heap.mjs needs node --expose-gc");
  process.exit(2);
}
const CYCLES = Number(process.env.STRESS_CYCLES ?? 100_000);
const SAMPLE_EVERY = 10_000;
const BATCH = 500;
/** Flat means: the heap after the last cycle is within this of the heap after the warm-up. */
const ALLOWED_GROWTH_MB = 4;

const runtime = createRuntime({ compatibilityDate: "2026-11-01" });
runtime.activate();
const mb = (bytes) => Number((bytes / 1024 / 1024).toFixed(2));

function heapAfterGc() {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

let closeEvents = 0;
async function cycles(count) {
  for (let done = 0; done < count; done += BATCH) {
    for (let i = 0; i < BATCH; i++) {
      const pair = new WebSocketPair();
      const [a, b] = [pair[0], pair[1]];
      b.addEventListener("message", () => {});
      a.addEventListener("close", () => closeEvents++);
      a.accept();
      b.accept();
      a.send("ping");
      a.close(1000, "cycle");
    }
    await settle();
  }
}

// Warm-up: let V8 compile and size its caches before the first sample.
await cycles(SAMPLE_EVERY);
const samples = [mb(heapAfterGc())];
const started = performance.now();
for (let done = 0; done < CYCLES; done += SAMPLE_EVERY) {
  await cycles(SAMPLE_EVERY);
  samples.push(mb(heapAfterGc()));
}
const seconds = (performance.now() - started) / 1000;

// Least-squares slope, in MB per 10,000 cycles.
const n = samples.length;
const meanX = (n - 1) / 2;
const meanY = samples.reduce((s, y) => s + y, 0) / n;
let num = 0;
let den = 0;
samples.forEach((y, x) => {
  num += (x - meanX) * (y - meanY);
  den += (x - meanX) ** 2;
});
const slope = num / den;
const growth = samples[n - 1] - samples[0];
const open = runtime.openSockets().length;
const ok = growth <= ALLOWED_GROWTH_MB && open === 0 && closeEvents === CYCLES + SAMPLE_EVERY;
console.log(
  JSON.stringify({
    stress: "lifecycle-heap",
    ok,
    cycles: CYCLES,
    heapBeforeMB: samples[0],
    heapAfterMB: samples[n - 1],
    growthMB: Number(growth.toFixed(2)),
    trendMBPer10kCycles: Number(slope.toFixed(3)),
    samplesMB: samples,
    openSocketsAfter: open,
    seconds: Number(seconds.toFixed(2)),
  }),
);
process.exit(ok ? 0 : 1);
