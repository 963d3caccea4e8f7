// Worker-thread entry of runEmulationConfiguration: loads the scenario files in this thread, runs the
// requested cases against the emulation, and posts { traces, notAvailable } or { unavailable } back.

import { parentPort, workerData } from "node:worker_threads";
import { runEmulationHere } from "./runner-emulation.mjs";
import { loadCases, loadDurableObjects } from "./scenario-files.mjs";

const wanted = new Set(workerData.caseIds);
const cases = (await loadCases()).filter(({ id }) => wanted.has(id));
parentPort.postMessage(await runEmulationHere(workerData.configuration, cases, loadDurableObjects));
