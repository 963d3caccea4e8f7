// Runs one scenario case with a fresh tracer and returns its trace. Shared by the workerd worker and
// the emulation runner, so both sides start, bound and finish a case in exactly the same way.

import { describeError } from "./describe.js";
import { createTracer } from "./tracer.js";

/** Every case must finish within this budget; "never happens" waits use t.sleep(≤ 100). */
export const CASE_BUDGET_MS = 2000;

const TIMED_OUT = Symbol("timed out");

/**
 * Runs `scenario(t, io)` and returns the trace (`io`: harness/serve.js). A scenario that throws gets a `scenarioThrew` entry; one
 * that outlives the budget gets a `timedOut` entry. Recording stops when the scenario ends: events still
 * in flight at that point are not part of the trace. `caseId` and `objects` (the Durable Object
 * namespaces by class name) become `t.caseId` and `t.objects`.
 */
export async function runCase(scenario, { budgetMs = CASE_BUDGET_MS, io, caseId, objects } = {}) {
  const { t, record, finish } = createTracer({ caseId, objects });
  let timer;
  const budget = new Promise((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), budgetMs);
  });
  try {
    const outcome = await Promise.race([scenario(t, io), budget]);
    if (outcome === TIMED_OUT) record({ timedOut: budgetMs });
  } catch (error) {
    record({ scenarioThrew: describeError(error) });
  } finally {
    clearTimeout(timer);
  }
  return finish();
}
