/**
 * The unit costs that bound the ratios in docs/benchmarks/README.md ("Why targets are missed"),
 * measured in one process on this machine: what a runtime MessageEvent costs against Node's own,
 * what one Object.defineProperty costs, what the delivery loop's turn (a microtask, then a
 * process.nextTick) costs against the floor's single microtask, and what capturing a creation
 * stack costs per frame. Run after `npm run build`: node bench/micro/unit-costs.mjs
 */
import { createRuntime } from "workers-ws";

const runtime = createRuntime({ compatibilityDate: "2026-11-01" });
const restore = runtime.install(globalThis);
const RuntimeMessageEvent = globalThis.MessageEvent;
restore();
const NodeMessageEvent = globalThis.MessageEvent;

/** Median nanoseconds per call of `fn` over 5 rounds of `n` calls. */
function nsPerCall(fn, n = 200_000) {
  const rounds = [];
  for (let r = 0; r < 6; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn(i);
    rounds.push(Number(process.hrtime.bigint() - t0) / n);
  }
  rounds.shift(); // warm-up
  return rounds.sort((a, b) => a - b)[2];
}

/** Median nanoseconds per turn for `n` chained turns scheduled by `schedule(next)`. */
async function nsPerTurn(schedule, n = 100_000) {
  const rounds = [];
  for (let r = 0; r < 6; r++) {
    const t0 = process.hrtime.bigint();
    await new Promise((resolve) => {
      let left = n;
      const step = () => (--left === 0 ? resolve() : schedule(step));
      schedule(step);
    });
    rounds.push(Number(process.hrtime.bigint() - t0) / n);
  }
  rounds.shift();
  return rounds.sort((a, b) => a - b)[2];
}

const descriptor = { value: undefined, enumerable: true, configurable: true };
const deep = (depth, fn) => (depth === 0 ? fn() : deep(depth - 1, fn));
const costs = {
  "workers-ws MessageEvent (5 read-only own fields)": nsPerCall(
    () => new RuntimeMessageEvent("message", { data: "x" }),
  ),
  "Node MessageEvent (the floor's)": nsPerCall(() => new NodeMessageEvent("message", { data: "x" })),
  "Object.defineProperty of one read-only field on a new object": nsPerCall((i) => {
    descriptor.value = i;
    Object.defineProperty({}, "data", descriptor);
  }),
  "plain object with the same field": nsPerCall((i) => ({ data: i })),
  "turn: queueMicrotask then process.nextTick (the delivery loop, per user-code hop)": await nsPerTurn(
    (next) => queueMicrotask(() => process.nextTick(next)),
  ),
  "turn: queueMicrotask (the floor, per message)": await nsPerTurn((next) => queueMicrotask(next)),
  "stack capture, 6 frames (a pair's creation site)": nsPerCall(() => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 6;
    deep(8, () => Error.captureStackTrace({}));
    Error.stackTraceLimit = limit;
  }, 50_000),
  "stack capture, 0 frames": nsPerCall(() => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    deep(8, () => Error.captureStackTrace({}));
    Error.stackTraceLimit = limit;
  }, 50_000),
};
for (const [name, ns] of Object.entries(costs)) console.log(`${ns.toFixed(0).padStart(6)} ns  ${name}`);
