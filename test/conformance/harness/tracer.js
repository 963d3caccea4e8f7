// The tracer `t` that every scenario receives. It records what a scenario observes as a list of small
// JSON entries, identically in workerd and in the emulation, so the two traces can be compared exactly.
//
// Runs in workerd and in Node: language built-ins and Workers globals only, looked up at call time.
//
// Entry shapes (the first key says the kind):
//   { log: label, value? }                       t.log
//   { try: label, ok: value } | { try, threw }   t.try
//   { state: label, rs: [n, …] }                 t.state
//   { at: "sleep(20)" } | { at: "turns(3)" }     checkpoints, recorded when the wait ends
//   { ev: type, on: name, class, …fields, rs }   events seen by t.tap
//   { scenarioThrew: error } | { timedOut: ms }  written by runCase

import { describe, describeBytes, describeError } from "./describe.js";

/**
 * `caseId` ("40-do-ids-stubs/echo") and `objects` ({ ClassName: DurableObjectNamespace }) are what the
 * runner passes for this case; see objectsView for what reading an unknown class name does.
 */
export function createTracer({ caseId, objects = {} } = {}) {
  const entries = [];
  const socketNames = new Map();
  const blobs = [];
  const ctx = { socketNames, blobs };
  let finished = false;

  /** Adds an entry; entries arriving after the scenario ended are dropped (their timing is not defined). */
  function record(entry) {
    if (!finished) entries.push(entry);
  }

  const d = (value) => describe(value, ctx);

  /** The fields of an event that `tap` records, per event type. */
  function eventFields(type, event) {
    switch (type) {
      case "message":
        return { data: d(event.data) };
      case "close":
        return { code: event.code, reason: d(event.reason), wasClean: event.wasClean };
      case "error":
        return { message: d(event.message), error: d(event.error) };
      default:
        return {};
    }
  }

  const t = {
    /** The case's id: a name no other case uses, for `t.objects.X.idFromName(t.caseId)`. */
    caseId,

    /** The Durable Object namespaces, by class name (the scenario file's `durableObjects`). */
    objects: objectsView(objects),

    /** Records a label, and a description of `value` when one is passed. */
    log(label, ...value) {
      record(value.length === 0 ? { log: label } : { log: label, value: d(value[0]) });
    },

    /**
     * Calls `fn` and records its return value or what it threw. Returns the value so scenarios can
     * keep using it. A returned promise is awaited: `await t.try(...)` records when it settles.
     */
    try(label, fn) {
      let result;
      try {
        result = fn();
      } catch (error) {
        record({ try: label, threw: describeError(error) });
        return undefined;
      }
      if (result !== null && typeof result === "object" && typeof result.then === "function") {
        return result.then(
          (value) => {
            record({ try: label, ok: d(value) });
            return value;
          },
          (error) => {
            record({ try: label, threw: describeError(error) });
            return undefined;
          },
        );
      }
      record({ try: label, ok: d(result) });
      return result;
    },

    /** The readyState of each socket, in argument order. */
    rs(...sockets) {
      return sockets.map((ws) => ws.readyState);
    },

    /** Records the readyStates of `sockets` under `label`. */
    state(label, ...sockets) {
      record({ state: label, rs: t.rs(...sockets) });
    },

    /** Gives `ws` a name for traces (a WebSocket inside a logged value then shows as that name). */
    name(name, ws) {
      socketNames.set(ws, name);
      return ws;
    },

    /**
     * Names `ws` and records every message, close, error and open event it dispatches, with the
     * socket's readyState as seen inside the listener.
     */
    tap(name, ws) {
      t.name(name, ws);
      for (const type of ["message", "close", "error", "open"]) {
        ws.addEventListener(type, (event) => {
          record({
            ev: type,
            on: name,
            class: event.constructor.name,
            ...eventFields(type, event),
            rs: ws.readyState,
          });
        });
      }
      return ws;
    },

    /**
     * `new WebSocketPair()`, named and tapped as client (index 0) and server (index 1).
     * Options: accept (default true: both ends call accept()), tap (default true).
     */
    pair({ accept = true, tap = true, names = ["client", "server"] } = {}) {
      const sockets = Object.values(new WebSocketPair());
      for (const [i, ws] of sockets.entries()) {
        if (tap) t.tap(names[i], ws);
        else t.name(names[i], ws);
      }
      if (accept) for (const ws of sockets) ws.accept();
      return sockets;
    },

    /** Waits `ms` on a timer, then records the checkpoint. Keep it ≤ 100 ms: every case has a budget. */
    sleep(ms) {
      return new Promise((resolve) => setTimeout(resolve, ms)).then(() => record({ at: `sleep(${ms})` }));
    },

    /** Waits `n` microtask turns, then records the checkpoint. */
    async turns(n) {
      for (let i = 0; i < n; i++) await undefined;
      record({ at: `turns(${n})` });
    },

    /** Schedules a setTimeout(0) that records `{ log: label }` when it fires. */
    timeout0(label) {
      setTimeout(() => t.log(label), 0);
    },

    /** Describes a value the way traces do (for building log values by hand). */
    describe: d,
  };

  /** Stops recording and resolves the bytes of every Blob seen. Returns the finished trace. */
  async function finish() {
    finished = true;
    for (const { blob, entry } of blobs) {
      try {
        entry.bytes = describeBytes(new Uint8Array(await blob.arrayBuffer()));
      } catch (error) {
        entry.bytes = { $: "read-threw", error: describeError(error) };
      }
    }
    return entries;
  }

  return { t, record, finish };
}

/**
 * A read-only view of the namespaces in which a misspelt class name throws instead of giving
 * undefined, so a typo shows as a clear scenarioThrew on both sides.
 */
function objectsView(objects) {
  return new Proxy(Object.freeze({ ...objects }), {
    get(target, key) {
      // "then": so that awaiting or resolving with t.objects stays harmless.
      if (typeof key === "symbol" || key === "then" || Object.hasOwn(target, key)) return target[key];
      throw new TypeError(
        `t.objects.${key}: no Durable Object class ${key}; the scenario files declare ${Object.keys(target).join(", ") || "none"}.`,
      );
    },
  });
}
