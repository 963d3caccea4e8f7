/**
 * The `cloudflare:test` helpers for Durable Objects (names as @cloudflare/vitest-pool-workers has
 * them, so tests move over unchanged), plus what only an emulator can offer: evicting an object at
 * a chosen moment.
 */
import { describeValue } from "../errors/describe-value.js";
import type { DurableObjectId } from "./id.js";
import { type DurableObjectNamespace, namespaceState } from "./namespace.js";
import type { ObjectSlot } from "./object-slot.js";
import type { DurableObjectState } from "./state.js";
import { type DurableObjectStub, slotOfStub } from "./stub.js";

function slotOf(helper: string, stub: unknown): ObjectSlot {
  const slot = slotOfStub(stub);
  if (!slot) {
    throw new TypeError(
      `workers-ws: ${helper}() needs a Durable Object stub (from namespace.get(id) or getByName(name)), got ${describeValue(stub)}.`,
    );
  }
  return slot;
}

/**
 * Runs `fn(instance, state)` inside the object's IoContext, as one more request to it: the
 * instance is constructed first if needed, and any blockConcurrencyWhile() finishes before.
 * Resolves with fn's result; fn's exception is rethrown as it is.
 */
export async function runInDurableObject<O, R>(
  stub: DurableObjectStub,
  fn: (instance: O, state: DurableObjectState) => R | Promise<R>,
): Promise<R> {
  const slot = slotOf("runInDurableObject", stub);
  if (typeof fn !== "function") {
    throw new TypeError(
      `workers-ws: runInDurableObject(stub, fn) needs a function as fn, got ${describeValue(fn)}.`,
    );
  }
  const live = await slot.enter();
  return live.run(() => fn(live.object as O, live.state));
}

/**
 * The ids of the namespace's objects that were constructed in this runtime, in the order they
 * first were. (pool-workers lists the objects that have storage instead: an object constructed
 * but never written is listed here and not there.)
 */
export async function listDurableObjectIds<T>(
  namespace: DurableObjectNamespace<T>,
): Promise<DurableObjectId[]> {
  const state = namespaceState(namespace);
  if (!state) {
    throw new TypeError(
      `workers-ws: listDurableObjectIds() needs a Durable Object namespace binding (env.MY_OBJECT), got ${describeValue(namespace)}.`,
    );
  }
  return [...state.constructedSlots].map((slot) => slot.id);
}

/**
 * Drops the object's instance now, as workerd does when it evicts or hibernates an idle object:
 * its IoContext is cut off (plain-accepted sockets lose their connection), hibernatable sockets
 * and storage stay, and the next request or event constructs a fresh instance. Stubs stay usable.
 */
export async function evictDurableObject(stub: DurableObjectStub): Promise<void> {
  slotOf("evictDurableObject", stub).evict();
}

/**
 * Runs the object's scheduled alarm now, if there is one (its alarm() gets the scheduled time,
 * retryCount 0), and removes it: as pool-workers' runDurableObjectAlarm. Resolves true when an
 * alarm ran, false when none was scheduled.
 */
export async function runDurableObjectAlarm(stub: DurableObjectStub): Promise<boolean> {
  return slotOf("runDurableObjectAlarm", stub).alarms.fireNow();
}

/** True when the object was constructed before and has no instance in memory now. */
export function isDurableObjectHibernated(stub: DurableObjectStub): boolean {
  const slot = slotOf("isDurableObjectHibernated", stub);
  return slot.constructions > 0 && slot.current === undefined;
}

/** What durableObjectInfo() reports: a read-only snapshot, for matchers and test assertions. */
export interface DurableObjectInfo {
  /** The id as toString() gives it (64 hex digits). */
  readonly id: string;
  /** The name the id came from (idFromName, getByName), if any. */
  readonly name: string | undefined;
  readonly className: string;
  /** The env binding of the namespace, when it has one. */
  readonly bindingName: string | undefined;
  /** How many instances were constructed so far: 2 after an eviction and a wake-up. */
  readonly constructions: number;
  /** Constructed before, and no instance in memory now. */
  readonly hibernated: boolean;
}

/** A snapshot of the object behind `stub` (never constructs it). */
export function durableObjectInfo(stub: DurableObjectStub): DurableObjectInfo {
  const slot = slotOf("durableObjectInfo", stub);
  return {
    id: slot.id.toString(),
    name: slot.id.name,
    className: slot.namespace.className,
    bindingName: slot.namespace.bindingName,
    constructions: slot.constructions,
    hibernated: slot.constructions > 0 && slot.current === undefined,
  };
}
