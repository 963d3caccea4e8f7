import type { Runtime } from "workers-ws";
import type { OpenSocketsPolicy } from "./options.js";

let current: { runtime: Runtime; openSockets: OpenSocketsPolicy } | undefined;

/** The runtime the environment installed for the running test file(s). */
export function currentFileRuntime(): { runtime: Runtime; openSockets: OpenSocketsPolicy } | undefined {
  return current;
}

export function setCurrentFileRuntime(runtime: Runtime, openSockets: OpenSocketsPolicy): () => void {
  const previous = current;
  current = { runtime, openSockets };
  return () => {
    current = previous;
  };
}
