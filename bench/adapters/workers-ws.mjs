/**
 * workers-ws as shipped: the built package (packages/workers-ws/dist) through its public API, with
 * one runtime created and installed the way the Vitest environment does it, transcript on.
 * adapters/workers-ws-no-transcript.mjs is the same runtime with the transcript off, so that the
 * report shows what recording costs (issue 4: "measure its cost in the benchmark").
 *
 * BENCH_WORKERS_WS_MODULE=<path to an index.js> runs the same workloads against another build
 * (for example a patched copy of dist), to measure a proposed change before it lands.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { workersWsPairMethods } from "../lib/workers-ws-pairs.mjs";

const require = createRequire(import.meta.url);

function locate() {
  const override = process.env.BENCH_WORKERS_WS_MODULE;
  if (override) {
    const file = resolve(override);
    return { specifier: pathToFileURL(file).href, packageJson: join(dirname(file), "..", "package.json") };
  }
  return { specifier: "workers-ws", packageJson: require.resolve("workers-ws/package.json") };
}

/**
 * createRuntime() rejects option names it does not know, so asking for the transcript tells us
 * whether this build has one. Any other failure is a real error and propagates.
 */
function probeTranscript(mod, base, transcriptOptions) {
  try {
    const runtime = mod.createRuntime({ ...base, ...transcriptOptions });
    return { runtime, transcript: { requested: transcriptOptions, applied: true } };
  } catch (error) {
    if (!/unknown workers-ws option/i.test(String(error?.message))) throw error;
    return {
      runtime: mod.createRuntime(base),
      transcript: {
        requested: transcriptOptions,
        applied: false,
        detail: "this build has no transcript option: measured as shipped",
      },
    };
  }
}

export function createAdapter(config) {
  return createWorkersWsAdapter(config, { name: "workers-ws", transcriptOptions: config.transcriptOptions });
}

/**
 * One workers-ws runtime created with `transcriptOptions` on top of the configured compatibility
 * settings. `name` is the implementation's key in results.json.
 */
export async function createWorkersWsAdapter(config, { name, transcriptOptions }) {
  const { specifier, packageJson } = locate();
  const mod = await import(specifier);
  const { version } = JSON.parse(readFileSync(packageJson, "utf8"));
  const { runtime, transcript } = probeTranscript(mod, config.runtime, transcriptOptions);
  const restore = runtime.install(globalThis);
  return {
    name,
    version: process.env.BENCH_WORKERS_WS_MODULE ? `${version} (${specifier})` : version,
    notes: {
      compatibilityDate: runtime.settings.compatibilityDate,
      autoReplyToClose: runtime.settings.autoReplyToClose,
      transcript,
    },
    /** With web_socket_auto_reply_to_close the runtime answers a received Close by itself. */
    repliesToCloseItself: runtime.settings.autoReplyToClose,
    /** The package itself, for workloads that use more than pairs (durable-objects.mjs). */
    module: mod,
    ...workersWsPairMethods(mod.WebSocketPair),
    settle() {
      return runtime.settle();
    },
    /** Drops every socket still open, as the runtime does when a worker goes away. */
    async releaseAll() {
      runtime.dispose();
      await runtime.settle();
    },
    dispose() {
      runtime.dispose();
      restore();
    },
  };
}
