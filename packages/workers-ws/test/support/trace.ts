import { afterEach, beforeEach } from "vitest";
import {
  createRuntime,
  type Runtime,
  type RuntimeOptions,
  settle,
  type WebSocket,
  WebSocketPair,
} from "workers-ws";

/** The two compatibility dates workerd was recorded at (shared/reference/workerd-observed.md). */
export const OLD = "2024-01-01";
export const NEW = "2026-11-01";

/**
 * An event trace in the one-line format the workerd recordings use, so expected traces can be
 * compared with workerd's output line for line:
 *   `c:message hello rs=1`, `s:close 1000 bye true rs=2`, `c:error Uncaught Error: … rs=3`
 * (the readyState is read inside the listener).
 */
export class Trace {
  readonly lines: string[] = [];

  log(...parts: unknown[]): void {
    this.lines.push(parts.map((p) => (typeof p === "string" ? p : JSON.stringify(p))).join(" "));
  }

  /** Records every message, close, error and open event of `ws` under `name`. */
  tap(name: string, ws: WebSocket): void {
    ws.addEventListener("message", (ev) => {
      const data = typeof ev.data === "string" ? ev.data : Object.prototype.toString.call(ev.data);
      this.log(`${name}:message`, data, `rs=${ws.readyState}`);
    });
    ws.addEventListener("close", (ev) => {
      this.log(`${name}:close`, ev.code, ev.reason, ev.wasClean, `rs=${ws.readyState}`);
    });
    ws.addEventListener("error", (ev) => this.log(`${name}:error`, ev.message, `rs=${ws.readyState}`));
    ws.addEventListener("open", () => this.log(`${name}:open`, `rs=${ws.readyState}`));
  }
}

/** Both ends' readyState, "client/server". */
export function rs(client: WebSocket, server: WebSocket): string {
  return `${client.readyState}/${server.readyState}`;
}

/** A new pair as `[client, server]`, optionally accepting both ends. */
export function pair(accept = false): [WebSocket, WebSocket] {
  const { 0: client, 1: server } = new WebSocketPair();
  if (accept) {
    client.accept();
    server.accept();
  }
  return [client, server];
}

/** Runs `fn` and returns what it threw (or "no error"), for exact assertions on error objects. */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return "no error";
}

/** `name: message` of a thrown value, plus the DOMException code when there is one. */
export function describeError(error: unknown): string {
  if (error instanceof DOMException) return `DOMException ${error.name}(${error.code}): ${error.message}`;
  if (error instanceof Error) return `${error.constructor.name}: ${error.message}`;
  return `not an error: ${String(error)}`;
}

/**
 * Gives every test of the enclosing describe its own runtime, active while the test runs, and
 * closes what the test left open afterwards. `uncaught` collects what workerd would only log.
 */
export function useRuntime(options: RuntimeOptions | (() => RuntimeOptions)): {
  readonly runtime: Runtime;
  readonly uncaught: unknown[];
} {
  let runtime: Runtime | undefined;
  let deactivate: (() => void) | undefined;
  const uncaught: unknown[] = [];
  beforeEach(() => {
    uncaught.length = 0;
    const chosen = typeof options === "function" ? options() : options;
    runtime = createRuntime({ ...chosen, onUncaughtError: (error) => uncaught.push(error) });
    deactivate = runtime.activate();
  });
  afterEach(async () => {
    deactivate?.();
    runtime?.dispose();
    await settle();
  });
  return {
    get runtime(): Runtime {
      if (!runtime) throw new Error("useRuntime: no test is running");
      return runtime;
    },
    uncaught,
  };
}
