// npm run fuzz: the model-based property test (test/reliability) with a long budget.
// FUZZ_SECONDS (default 300) or FUZZ_RUNS sets the budget; FUZZ_MAX_COMMANDS the sequence length
// (default 120). FUZZ_SEED, FUZZ_PATH and FUZZ_REPLAY_PATH replay a printed failure.
import { spawnSync } from "node:child_process";

const env = { ...process.env };
if (!env.FUZZ_RUNS && !env.FUZZ_SECONDS && !env.FUZZ_SEED) env.FUZZ_SECONDS = "300";
env.FUZZ_MAX_COMMANDS ??= "120";
const result = spawnSync(
  process.execPath,
  [
    "node_modules/vitest/vitest.mjs",
    "run",
    "--config",
    "vitest.workspace.ts",
    "--project",
    "reliability",
    "test/reliability/model-based.test.ts",
  ],
  { stdio: "inherit", env },
);
process.exit(result.status ?? 1);
