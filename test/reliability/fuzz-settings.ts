/**
 * How long the model-based fuzzer runs and how a failure is replayed, from the environment:
 *   FUZZ_RUNS           runs (pairs) to generate; the fast suite uses a fixed default
 *   FUZZ_SECONDS        instead of a run count, keep generating runs for this long (npm run fuzz)
 *   FUZZ_MAX_COMMANDS   longest operation sequence per run
 *   FUZZ_SEED, FUZZ_PATH, FUZZ_REPLAY_PATH
 *                       replay a failure exactly: fast-check prints all three when a run fails
 */
import fc from "fast-check";
import { MODEL_DATES, MODEL_FLAGS } from "./model/compat-model.js";

export interface FuzzBudget {
  readonly runs: number;
  /** Time limit in milliseconds (then `runs` is only an upper bound). */
  readonly timeLimit?: number;
  readonly maxCommands: number;
  readonly seed?: number;
  readonly path?: string;
  readonly replayPath?: string;
}

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new TypeError(`${name} must be a whole number of at least 1, got ${JSON.stringify(raw)}.`);
  }
  return value;
}

export function fuzzBudget(defaults: { runs: number; maxCommands: number }): FuzzBudget {
  const seedText = process.env.FUZZ_SEED;
  const seed = seedText === undefined || seedText === "" ? undefined : Number(seedText);
  if (seed !== undefined && !Number.isInteger(seed)) {
    throw new TypeError(`FUZZ_SEED must be an integer, got ${JSON.stringify(seedText)}.`);
  }
  const seconds = process.env.FUZZ_SECONDS ? positiveInteger("FUZZ_SECONDS", 1) : undefined;
  return {
    runs: positiveInteger("FUZZ_RUNS", seconds === undefined ? defaults.runs : Number.MAX_SAFE_INTEGER),
    timeLimit: seconds === undefined ? undefined : seconds * 1000,
    maxCommands: positiveInteger("FUZZ_MAX_COMMANDS", defaults.maxCommands),
    seed,
    path: process.env.FUZZ_PATH || undefined,
    replayPath: process.env.FUZZ_REPLAY_PATH || undefined,
  };
}

/** A compatibility date plus, for each modelled flag, mostly nothing and sometimes its enable or disable form. */
export const compatConfiguration = fc.record({
  /** Most runs start with a recording listener for each event type on both ends ("tap"). */
  tap: fc.constantFrom(true, true, true, false),
  compatibilityDate: fc.constantFrom(...MODEL_DATES),
  compatibilityFlags: fc
    .tuple(
      ...MODEL_FLAGS.map((row) =>
        fc.constantFrom<Array<string | undefined>>(undefined, undefined, undefined, row.enable, row.disable),
      ),
    )
    .map((chosen) => chosen.filter((flag): flag is string => flag !== undefined)),
});
