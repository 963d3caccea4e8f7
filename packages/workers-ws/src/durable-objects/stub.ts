/**
 * A Durable Object stub: `id`, `name`, fetch() across a request boundary and, when the `rpc`
 * compatibility setting is on (the default from 2024-04-03), JavaScript RPC: any other property
 * is a call or a read of the object's public prototype members (workerd Fetcher's wildcard).
 */
import { ExecutionContext } from "../dispatch/execution-context.js";
import { runFetchHandler } from "../dispatch/run-handler.js";
import { createWebSocketError } from "../errors/catalogue.js";
import type { Response } from "../response/response.js";
import { returnToCaller } from "../response/return-to-caller.js";
import { runInIoContext } from "../runtime/io-context.js";
import { illegalInvocation } from "../webidl/brand-check.js";
import { DurableObject } from "./base-classes.js";
import type { DurableObjectId } from "./id.js";
import type { LiveInstance, ObjectSlot, StubBinding } from "./object-slot.js";
import { remoteError } from "./remote-error.js";

/** workerd: handler names a stub refuses to call ("'alarm' is a reserved method …", observed). */
const RESERVED = new Set(["alarm", "webSocketMessage", "webSocketClose", "webSocketError"]);

/**
 * Names the wildcard leaves alone: `then` (workerd: a stub is not thenable, observed), and the
 * probes test tools make on any value they print or compare (Vitest's pretty-format and expect
 * read these), which would otherwise start RPC calls nobody awaits.
 */
const NOT_RPC = new Set([
  "then",
  "toJSON",
  "asymmetricMatch",
  "$$typeof",
  "nodeType",
  "@@__IMMUTABLE_ITERABLE__@@",
]);

interface StubInternals extends StubBinding {
  readonly slot: ObjectSlot;
}

const internalsOf = new WeakMap<object, StubInternals>();

function internals(stub: unknown): StubInternals {
  const found = typeof stub === "object" && stub !== null ? internalsOf.get(stub) : undefined;
  if (!found) illegalInvocation();
  return found;
}

export class DurableObjectStub {
  declare readonly name: string | undefined;
  declare readonly id: DurableObjectId;

  /** @internal Made by DurableObjectNamespace.get(). */
  constructor(slot: ObjectSlot, id: DurableObjectId) {
    internalsOf.set(this, { slot, bound: undefined });
    // workerd: own properties, name first (observed Object.keys(stub) is ["name", "id"]).
    Object.defineProperty(this, "name", { value: id.name, enumerable: true });
    Object.defineProperty(this, "id", { value: id, enumerable: true });
  }

  /**
   * Sends a request to the object. It runs in the instance's IoContext; the Response comes back
   * as workerd hands one to its caller (a returned WebSocket becomes the caller's coupled end).
   */
  async fetch(...args: [input: Request | string | URL, init?: RequestInit]): Promise<Response> {
    const stub = internals(this);
    if ((args as unknown[]).length === 0 || args[0] === undefined) {
      throw createWebSocketError("ArgumentType", "fetch", "Fetcher", 1, "Request or string");
    }
    const [input, init] = args;
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const live = await stub.slot.enter(stub);
    const object = live.object as { fetch?: unknown };
    if (typeof object.fetch !== "function") {
      throw remoteError(createWebSocketError("DurableObjectNoFetch"), undefined);
    }
    const handler = (objectRequest: Request) =>
      (object.fetch as (request: Request) => Response | Promise<Response>).call(object, objectRequest);
    let returned: Response;
    try {
      returned = await live.guard(
        runFetchHandler(handler, request, undefined, new ExecutionContext(), live.ioContext),
      );
    } catch (error) {
      live.throwIfReset();
      throw remoteError(error, undefined);
    }
    const context = stub.slot.namespace.context;
    return returnToCaller(returned, request, (error) => context.reportUncaught(error)) as Response;
  }
}

Object.defineProperty(DurableObjectStub.prototype, Symbol.toStringTag, {
  value: "DurableObject",
  configurable: true,
});

/** Handler names and base fields a stub does not expose over RPC. */
type NotRpcMember =
  | "fetch"
  | "ctx"
  | "env"
  | "alarm"
  | "webSocketMessage"
  | "webSocketClose"
  | "webSocketError";

/** What RPC makes of the object's members on a stub: methods resolve, other members are awaited. */
export type RpcMembers<T> = {
  [K in Exclude<keyof T, NotRpcMember>]: T[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : Promise<Awaited<T[K]>>;
};

/** A stub typed for the class `T` it reaches (untyped: the bare stub). */
export type TypedStub<T = unknown> = DurableObjectStub & (unknown extends T ? unknown : RpcMembers<T>);

/** The stub handed to users: with RPC, a Proxy whose unknown properties are RPC members. */
export function createStub(slot: ObjectSlot, id: DurableObjectId, rpc: boolean): DurableObjectStub {
  const stub = new DurableObjectStub(slot, id);
  if (!rpc) return stub;
  const proxy = new Proxy(stub, {
    get(target, key, receiver) {
      if (typeof key === "symbol" || key in target) return Reflect.get(target, key, receiver);
      if (NOT_RPC.has(key)) return undefined;
      return rpcMember(internals(target), key);
    },
  });
  internalsOf.set(proxy, internals(stub));
  return proxy;
}

/** The object slot a stub reaches (test-api.ts), or undefined for anything else. */
export function slotOfStub(value: unknown): ObjectSlot | undefined {
  return typeof value === "object" && value !== null ? internalsOf.get(value)?.slot : undefined;
}

/** `stub.name`: callable (an RPC call) and thenable (a read of a prototype getter). */
function rpcMember(stub: StubInternals, name: string) {
  const member = (...args: unknown[]) => call(stub, name, args);
  const read = () => readMember(stub, name);
  Object.assign(member, {
    // biome-ignore lint/suspicious/noThenProperty: workerd's JsRpcProperty is thenable (awaiting it reads a getter).
    then: (onFulfilled?: (value: unknown) => unknown, onRejected?: (reason: unknown) => unknown) =>
      read().then(onFulfilled, onRejected),
    catch: (onRejected?: (reason: unknown) => unknown) => read().catch(onRejected),
    finally: (onFinally?: () => void) => read().finally(onFinally),
  });
  return member;
}

type Member =
  | { kind: "method"; fn: Function }
  | { kind: "getter"; get: () => unknown }
  | { kind: "value"; value: unknown };

/**
 * A public member the object exposes over RPC: found on its prototype chain below DurableObject
 * (workerd: instance fields are not exposed, observed "does not implement the method").
 */
function findMember(object: object, name: string): Member | undefined {
  for (
    let proto = Object.getPrototypeOf(object);
    proto !== null && proto !== DurableObject.prototype && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, name);
    if (!descriptor) continue;
    if (descriptor.get) return { kind: "getter", get: descriptor.get };
    if (typeof descriptor.value === "function") return { kind: "method", fn: descriptor.value };
    return { kind: "value", value: descriptor.value };
  }
  return undefined;
}

async function reach(stub: StubInternals, name: string): Promise<{ live: LiveInstance; member: Member }> {
  const live = await stub.slot.enter(stub);
  const object = live.object as object;
  if (!(object instanceof DurableObject)) throw createWebSocketError("RpcNotDurableObjectClass");
  if (RESERVED.has(name)) throw createWebSocketError("RpcReservedMethod", name);
  const member = findMember(object, name);
  if (!member) throw createWebSocketError("RpcMethodMissing", name);
  return { live, member };
}

/** Runs `fn` in the instance's IoContext; its result or exception becomes the caller's. */
async function runRemote(stub: StubInternals, live: LiveInstance, fn: () => unknown): Promise<unknown> {
  let result: unknown;
  try {
    result = await live.guard(
      runInIoContext(live.ioContext, () => {
        try {
          return Promise.resolve(fn());
        } catch (error) {
          return Promise.reject(error);
        }
      }),
    );
  } catch (error) {
    live.throwIfReset();
    throw remoteError(error, stub.slot.hex);
  }
  // Results cross the boundary structured-cloned, as arguments do.
  return structuredClone(result);
}

async function call(stub: StubInternals, name: string, args: unknown[]): Promise<unknown> {
  const cloned = structuredClone(args);
  const { live, member } = await reach(stub, name);
  const object = live.object as object;
  return runRemote(stub, live, () => {
    const target =
      member.kind === "method"
        ? member.fn
        : member.kind === "getter"
          ? member.get.call(object)
          : member.value;
    if (typeof target !== "function") throw createWebSocketError("RpcMethodMissing", name);
    return target.apply(object, cloned);
  });
}

async function readMember(stub: StubInternals, name: string): Promise<unknown> {
  const { live, member } = await reach(stub, name);
  const object = live.object as object;
  return runRemote(stub, live, () =>
    member.kind === "getter" ? member.get.call(object) : member.kind === "method" ? member.fn : member.value,
  );
}
