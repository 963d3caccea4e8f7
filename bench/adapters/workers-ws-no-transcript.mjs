/**
 * workers-ws with the transcript off (`createRuntime({ transcript: false })`): the same build and
 * settings as adapters/workers-ws.mjs, so the difference between the two columns of the report is
 * what recording the transcript costs (issue 4 asks for that cost in the benchmark). Targets are
 * judged on the shipped configuration (transcript on), never on this one.
 */
import { createWorkersWsAdapter } from "./workers-ws.mjs";

export function createAdapter(config) {
  return createWorkersWsAdapter(config, {
    name: "workers-ws-no-transcript",
    transcriptOptions: config.transcriptOffOptions,
  });
}
