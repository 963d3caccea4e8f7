/**
 * DurableObjectNamespace: ids (id.ts), stubs (stub.ts) and one object slot per id
 * (object-slot.ts), for the runtime that was active when the namespace was created. A test file's
 * environment makes one namespace per binding, so instances and storage last for the file.
 */
import { createWebSocketError } from "../errors/catalogue.js";
import { describeValue } from "../errors/describe-value.js";
import { activeContext, type RuntimeContext } from "../runtime/context.js";
import { type DurableObjectId, IdFactory, idHex, isDurableObjectId } from "./id.js";
import { type DurableObjectClass, type NamespaceHost, ObjectSlot } from "./object-slot.js";
import { createStub, type TypedStub } from "./stub.js";

export interface DurableObjectDefinition {
  /** The class name as the config names it (errors, reports, ids). */
  className: string;
  /** The binding name ("ROOM"), for reports; optional. */
  bindingName?: string;
  /**
   * The class, loaded on first use (the environment imports the user's module lazily). A plain
   * class `constructor(state, env)` is as valid as a DurableObject subclass.
   */
  load: () => DurableObjectClass | Promise<DurableObjectClass>;
  /** The env its instances get, read when an instance is constructed. */
  env: () => object;
  /**
   * What ids are derived from (workerd's `uniqueKey` of the namespace; default: the class name).
   * Two namespaces with the same key accept each other's id strings.
   */
  uniqueKey?: string;
  /**
   * Whether the class is SQLite-backed (wrangler's `new_sqlite_classes`): ctx.storage.sql works
   * (Node.js 22.16+). Default false: its methods throw workerd's "not backed by SQLite" error.
   */
  sql?: boolean;
}

let hostOf: (namespace: unknown) => NamespaceState;

class NamespaceState implements NamespaceHost {
  readonly className: string;
  readonly bindingName: string | undefined;
  readonly sql: boolean;
  readonly context: RuntimeContext = activeContext();
  readonly ids: IdFactory;
  readonly slots = new Map<string, ObjectSlot>();
  /** Slots in the order their first instance was constructed. */
  readonly constructedSlots = new Set<ObjectSlot>();
  #class: Promise<DurableObjectClass> | undefined;

  constructor(readonly definition: DurableObjectDefinition) {
    this.className = definition.className;
    this.bindingName = definition.bindingName;
    this.sql = definition.sql === true;
    this.ids = new IdFactory(definition.uniqueKey ?? definition.className);
  }

  loadClass(): Promise<DurableObjectClass> {
    this.#class ??= (async () => {
      const loaded = await this.definition.load();
      if (typeof loaded !== "function") {
        throw new TypeError(
          `workers-ws: the Durable Object class "${this.className}" did not load as a class (load() gave ${describeValue(loaded)}).`,
        );
      }
      return loaded;
    })();
    return this.#class;
  }

  env(): object {
    return this.definition.env();
  }

  constructed(slot: ObjectSlot): void {
    this.constructedSlots.add(slot);
  }

  slotFor(id: DurableObjectId): ObjectSlot {
    const hex = idHex(id);
    let slot = this.slots.get(hex);
    if (!slot) {
      slot = new ObjectSlot(this, id);
      this.slots.set(hex, slot);
    }
    return slot;
  }
}

export class DurableObjectNamespace<T = unknown> {
  readonly #state: NamespaceState;

  /** @internal Use createDurableObjectNamespace(). */
  constructor(state: NamespaceState) {
    this.#state = state;
  }

  static {
    hostOf = (namespace) => {
      if (!(typeof namespace === "object" && namespace !== null && #state in namespace)) {
        throw createWebSocketError("IllegalInvocation");
      }
      return (namespace as DurableObjectNamespace).#state;
    };
  }

  /** workerd: a random id; a jurisdiction is refused ("not implemented in workerd", observed). */
  newUniqueId(options?: { jurisdiction?: string }): DurableObjectId {
    const state = hostOf(this);
    if (options?.jurisdiction !== undefined) throw createWebSocketError("JurisdictionNotImplemented");
    return state.ids.unique();
  }

  /** The same name gives the same id (in every runtime: derived as workerd derives it). */
  idFromName(...args: [name: string]): DurableObjectId {
    const state = hostOf(this);
    if ((args as unknown[]).length === 0 || args[0] === undefined) {
      throw createWebSocketError("ArgumentType", "idFromName", "DurableObjectNamespace", 1, "string");
    }
    return state.ids.fromName(String(args[0]));
  }

  idFromString(...args: [id: string]): DurableObjectId {
    const state = hostOf(this);
    if ((args as unknown[]).length === 0 || args[0] === undefined) {
      throw createWebSocketError("ArgumentType", "idFromString", "DurableObjectNamespace", 1, "string");
    }
    return state.ids.fromString(String(args[0]));
  }

  /**
   * A stub for `id`. workerd accepts an id of another namespace here (observed: it reaches an
   * object of this namespace with that id); only idFromString() checks the namespace.
   */
  get(...args: [id: DurableObjectId, options?: object]): TypedStub<T> {
    const state = hostOf(this);
    const id = args[0];
    if (!isDurableObjectId(id)) {
      throw createWebSocketError("ArgumentType", "get", "DurableObjectNamespace", 1, "DurableObjectId");
    }
    return createStub(state.slotFor(id), id, state.context.settings.fetcherRpc) as TypedStub<T>;
  }

  getByName(...args: [name: string, options?: object]): TypedStub<T> {
    hostOf(this);
    if ((args as unknown[]).length === 0 || args[0] === undefined) {
      throw createWebSocketError("ArgumentType", "getByName", "DurableObjectNamespace", 1, "string");
    }
    return this.get(this.idFromName(args[0]));
  }

  /** workerd: only "no jurisdiction" is implemented; any jurisdiction is refused. */
  jurisdiction(jurisdiction?: string): DurableObjectNamespace<T> {
    hostOf(this);
    if (jurisdiction !== undefined) throw createWebSocketError("JurisdictionNotImplemented");
    return this;
  }
}

Object.defineProperty(DurableObjectNamespace.prototype, Symbol.toStringTag, {
  value: "DurableObjectNamespace",
  configurable: true,
});

/** A namespace binding for one class, in the runtime active now. */
export function createDurableObjectNamespace<T = unknown>(
  definition: DurableObjectDefinition,
): DurableObjectNamespace<T> {
  if (typeof definition !== "object" || definition === null) {
    throw new TypeError(
      `createDurableObjectNamespace() needs { className, load, env }, got ${describeValue(definition)}.`,
    );
  }
  const { className, load, env, bindingName, uniqueKey, sql } = definition;
  if (typeof className !== "string" || className === "") {
    throw new TypeError(
      `createDurableObjectNamespace(): "className" must be a non-empty string, got ${describeValue(className)}.`,
    );
  }
  for (const [key, value] of [
    ["load", load],
    ["env", env],
  ] as const) {
    if (typeof value !== "function") {
      throw new TypeError(
        `createDurableObjectNamespace() for "${className}": "${key}" must be a function, got ${describeValue(value)}.`,
      );
    }
  }
  for (const [key, value] of [
    ["bindingName", bindingName],
    ["uniqueKey", uniqueKey],
  ] as const) {
    if (value !== undefined && typeof value !== "string") {
      throw new TypeError(
        `createDurableObjectNamespace() for "${className}": "${key}" must be a string, got ${describeValue(value)}.`,
      );
    }
  }
  if (sql !== undefined && typeof sql !== "boolean") {
    throw new TypeError(
      `createDurableObjectNamespace() for "${className}": "sql" must be a boolean, got ${describeValue(sql)}.`,
    );
  }
  return new DurableObjectNamespace<T>(new NamespaceState({ ...definition }));
}

/** The namespace's state, for the test helpers (test-api.ts); undefined for anything else. */
export function namespaceState(value: unknown): NamespaceState | undefined {
  try {
    return hostOf(value);
  } catch {
    return undefined;
  }
}
