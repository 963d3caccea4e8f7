/**
 * Model-based property test: random operation sequences on a WebSocketPair, at random compatibility
 * dates and flags, must behave exactly as the reference model (model/pair-model.ts) predicts.
 * A failure prints the seed, path and replayPath; see docs/reliability.md for replaying it.
 */
import fc from "fast-check";
import { expect, it } from "vitest";
import { commandArbitraries } from "./arbitraries.js";
import type { ModelSide, RealSide } from "./commands.js";
import { compatConfiguration, fuzzBudget } from "./fuzz-settings.js";
import { modelSettings } from "./model/compat-model.js";
import { type ListenerSpec, PairModel } from "./model/pair-model.js";
import { RealPair } from "./system/real-pair.js";

/** The fast suite's fixed budget: at least 10,000 API calls, settle() not counted (checked below). */
const budget = fuzzBudget({ runs: 480, maxCommands: 60 });
const MIN_API_CALLS = 10_000;

/** The "tap": one recording listener per event type (ids differ from the generated a/b/c). */
const TAP: ListenerSpec[] = (["message", "close", "error"] as const).map((type) => ({
  id: "tap",
  type,
  behaviour: "record",
  throwClass: "Error",
  once: false,
}));

const title =
  budget.timeLimit === undefined
    ? `matches the reference model over ${budget.runs} random runs`
    : `matches the reference model for ${budget.timeLimit / 1000} s of random runs`;

it(title, { timeout: (budget.timeLimit ?? 600_000) + 120_000 }, async () => {
  const counter = { operations: 0, apiCalls: 0, covered: new Map<string, number>() };
  await withReplayCommand(
    fc.assert(
      fc.asyncProperty(
        compatConfiguration,
        fc.commands(commandArbitraries, {
          maxCommands: budget.maxCommands,
          size: "max",
          replayPath: budget.replayPath,
        }),
        async ({ compatibilityDate, compatibilityFlags, tap }, commands) => {
          const real = new RealPair(compatibilityDate, compatibilityFlags);
          try {
            const setup = () => {
              const model = new PairModel(modelSettings(compatibilityDate, compatibilityFlags));
              if (tap) {
                for (const listener of TAP) {
                  for (const end of [0, 1] as const) {
                    model.addListener(end, listener);
                    real.addListener(end, listener);
                  }
                }
              }
              return { model: { model, counter } as ModelSide, real: { pair: real } as RealSide };
            };
            await fc.asyncModelRun(setup, commands);
          } finally {
            for (const events of real.events) {
              for (const event of events) {
                const label = `event ${event.type}${event.type === "close" ? ` ${event.code} rs=${event.rs}` : ""}${event.type === "error" ? ` ${event.message.slice(0, 30)}` : ""}`;
                counter.covered.set(label, (counter.covered.get(label) ?? 0) + 1);
              }
            }
            real.dispose();
          }
        },
      ),
      {
        numRuns: budget.runs,
        seed: budget.seed,
        path: budget.path,
        endOnFailure: budget.path !== undefined,
        // npm run fuzz: stop generating after the time limit, which is not a failure.
        interruptAfterTimeLimit: budget.timeLimit,
        markInterruptAsFailure: false,
      },
    ),
  );
  // A fixed budget must really be spent: the default run makes at least 10,000 API calls.
  if (process.env.FUZZ_RUNS === undefined && budget.timeLimit === undefined && budget.seed === undefined) {
    expect(counter.apiCalls).toBeGreaterThanOrEqual(MIN_API_CALLS);
  }
  const covered = [...counter.covered].sort(([a], [b]) => a.localeCompare(b));
  console.log(
    `reliability: ${counter.operations} operations (${counter.apiCalls} API calls, the rest settle())\n${covered.map(([k, n]) => `  ${k}: ${n}`).join("\n")}`,
  );
});

/**
 * fast-check's report names the seed, path and replayPath; this adds the one command line that
 * replays the failure with the same budget settings.
 */
async function withReplayCommand(run: Promise<void>): Promise<void> {
  try {
    await run;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const seed = /seed: (-?\d+), path: "([^"]+)"/.exec(message);
    const replayPath = /replayPath="([^"]+)"/.exec(message);
    if (!seed) throw error;
    const vars = [
      `FUZZ_SEED=${seed[1]}`,
      `FUZZ_PATH="${seed[2]}"`,
      replayPath ? `FUZZ_REPLAY_PATH="${replayPath[1]}"` : "",
      `FUZZ_MAX_COMMANDS=${budget.maxCommands}`,
      process.env.FUZZ_INCLUDE_MODEL_GAPS === "1" ? "FUZZ_INCLUDE_MODEL_GAPS=1" : "",
    ].filter(Boolean);
    const command = `${vars.join(" ")} npx vitest run --config vitest.workspace.ts --project reliability test/reliability/model-based.test.ts`;
    if (error instanceof Error) {
      error.message = `${message}\n\nReplay with:\n  ${command}\n`;
    }
    throw error;
  }
}
