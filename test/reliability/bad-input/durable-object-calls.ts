/**
 * The Durable Object APIs (issue 19) in the bad-input table: the namespace and its ids, stubs
 * (fetch and RPC), DurableObjectState's storage and Hibernation API, WebSocketRequestResponsePair,
 * and the cloudflare:test helpers. Each object comes from a namespace made in the table's runtime.
 */
import {
  createDurableObjectNamespace,
  DurableObject,
  type DurableObjectNamespace,
  type DurableObjectState,
  type DurableObjectStub,
  durableObjectInfo,
  evictDurableObject,
  isDurableObjectHibernated,
  listDurableObjectIds,
  runDurableObjectAlarm,
  runInDurableObject,
  WebSocketPair,
  WebSocketRequestResponsePair,
} from "workers-ws";
import { argumentsWith, MISSING } from "./bad-values.js";
import type { Call } from "./calls.js";

type Fn = (...args: unknown[]) => unknown;

class Echo extends DurableObject {
  echo(value: unknown): unknown {
    return value;
  }
  async fetch(): Promise<Response> {
    return new Response("ok");
  }
}

let made = 0;
/** A fresh namespace per call, so one bad value's state cannot reach the next. */
function namespace(): DurableObjectNamespace {
  return createDurableObjectNamespace({ className: `Echo${made++}`, load: () => Echo, env: () => ({}) });
}
function stub(): DurableObjectStub {
  return namespace().getByName("bad-input");
}
/** Calls `name` on the object's state (or its storage) from inside the object. */
function onState(name: string, before: unknown[], v: unknown, after: unknown[] = []): Promise<unknown> {
  return runInDurableObject(stub(), (_object: Echo, state: DurableObjectState) =>
    ((state as unknown as Record<string, Fn>)[name] as Fn).apply(state, argumentsWith(before, v, after)),
  );
}
function onStorage(name: string, before: unknown[], v: unknown, after: unknown[] = []): Promise<unknown> {
  return runInDurableObject(stub(), (_object: Echo, state: DurableObjectState) => {
    const storage = state.storage as unknown as Record<string, Fn>;
    return (storage[name] as Fn).apply(storage, argumentsWith(before, v, after));
  });
}
const member = (key: string, value: unknown): Record<string, unknown> =>
  value === MISSING ? {} : { [key]: value };
const definition = { className: "Echo", load: () => Echo, env: () => ({}) };

export const DURABLE_OBJECT_CALLS: readonly Call[] = [
  {
    api: "createDurableObjectNamespace(·)",
    workers: false,
    run: (v) => (createDurableObjectNamespace as Fn)(...argumentsWith([], v)),
  },
  ...["className", "load", "env", "bindingName"].map(
    (key): Call => ({
      api: `createDurableObjectNamespace({${key}: ·})`,
      workers: false,
      run: (v) => (createDurableObjectNamespace as Fn)({ ...definition, ...member(key, v) }),
    }),
  ),
  ...["idFromName", "idFromString", "newUniqueId", "get", "getByName"].map(
    (name): Call => ({
      api: `namespace.${name}(·)`,
      workers: true,
      run: (v) => {
        const ns = namespace() as unknown as Record<string, Fn>;
        return (ns[name] as Fn).apply(ns, argumentsWith([], v));
      },
    }),
  ),
  { api: "stub.fetch(·)", workers: true, run: (v) => (stub().fetch as Fn)(...argumentsWith([], v)) },
  {
    api: "stub.echo(·) (RPC)",
    workers: true,
    run: (v) => ((stub() as unknown as { echo: Fn }).echo as Fn)(...argumentsWith([], v)),
  },
  { api: "storage.get(·)", workers: true, run: (v) => onStorage("get", [], v) },
  { api: "storage.put(·, 1)", workers: true, run: (v) => onStorage("put", [], v, [1]) },
  { api: "storage.put('k', ·)", workers: true, run: (v) => onStorage("put", ["k"], v) },
  { api: "storage.delete(·)", workers: true, run: (v) => onStorage("delete", [], v) },
  { api: "storage.list(·)", workers: true, run: (v) => onStorage("list", [], v) },
  { api: "storage.setAlarm(·)", workers: true, run: (v) => onStorage("setAlarm", [], v) },
  {
    api: "state.blockConcurrencyWhile(·)",
    workers: true,
    run: (v) => onState("blockConcurrencyWhile", [], v),
  },
  { api: "state.waitUntil(·)", workers: true, run: (v) => onState("waitUntil", [], v) },
  { api: "state.acceptWebSocket(·)", workers: true, run: (v) => onState("acceptWebSocket", [], v) },
  {
    api: "state.acceptWebSocket(ws, ·)",
    workers: true,
    run: (v) => onState("acceptWebSocket", [new WebSocketPair()[1]], v),
  },
  { api: "state.getWebSockets(·)", workers: true, run: (v) => onState("getWebSockets", [], v) },
  { api: "state.getTags(·)", workers: true, run: (v) => onState("getTags", [], v) },
  {
    api: "state.setWebSocketAutoResponse(·)",
    workers: true,
    run: (v) => onState("setWebSocketAutoResponse", [], v),
  },
  {
    api: "state.getWebSocketAutoResponseTimestamp(·)",
    workers: true,
    run: (v) => onState("getWebSocketAutoResponseTimestamp", [], v),
  },
  {
    api: "state.setHibernatableWebSocketEventTimeout(·)",
    workers: true,
    run: (v) => onState("setHibernatableWebSocketEventTimeout", [], v),
  },
  {
    api: "new WebSocketRequestResponsePair(·, 'pong')",
    workers: true,
    run: (v) => Reflect.construct(WebSocketRequestResponsePair, argumentsWith([], v, ["pong"])),
  },
  {
    api: "new WebSocketRequestResponsePair('ping', ·)",
    workers: true,
    run: (v) => Reflect.construct(WebSocketRequestResponsePair, argumentsWith(["ping"], v)),
  },
  {
    api: "evictDurableObject(·)",
    workers: false,
    run: (v) => (evictDurableObject as Fn)(...argumentsWith([], v)),
  },
  {
    api: "durableObjectInfo(·)",
    workers: false,
    run: (v) => (durableObjectInfo as Fn)(...argumentsWith([], v)),
  },
  {
    api: "isDurableObjectHibernated(·)",
    workers: false,
    run: (v) => (isDurableObjectHibernated as Fn)(...argumentsWith([], v)),
  },
  {
    api: "listDurableObjectIds(·)",
    workers: false,
    run: (v) => (listDurableObjectIds as Fn)(...argumentsWith([], v)),
  },
  {
    api: "runInDurableObject(·, fn)",
    workers: false,
    run: (v) => (runInDurableObject as Fn)(...argumentsWith([], v, [() => 1])),
  },
  {
    api: "runInDurableObject(stub, ·)",
    workers: false,
    run: (v) => (runInDurableObject as Fn)(...argumentsWith([stub()], v)),
  },
  {
    api: "runDurableObjectAlarm(·)",
    workers: false,
    run: (v) => (runDurableObjectAlarm as Fn)(...argumentsWith([], v)),
  },
];
