/**
 * The bindings of the running test file (`env`, `SELF`), built by the environment at setup. Kept
 * on the global object under a registered symbol (as current-runtime.ts does): `cloudflare:test`
 * and this package's entry may be separate module instances, and must see the same file's bindings.
 */
import type { SelfFetcher } from "./self-fetcher.js";

export interface FileBindings {
  /** vars and Durable Object namespaces, as the Worker's handlers and objects receive them. */
  readonly env: Record<string, unknown>;
  readonly self: SelfFetcher;
}

interface Holder {
  current: FileBindings;
  /** Builds a fresh set from the same config (a new file in the same worker, isolate: false). */
  readonly build: () => FileBindings;
}

const KEY = Symbol.for("vitest-environment-workers-ws.current-file-bindings");
const holder = globalThis as unknown as Record<symbol, Holder | undefined>;

export function currentFileBindings(): FileBindings {
  const bindings = holder[KEY]?.current;
  if (bindings === undefined) {
    throw new TypeError(
      'workers-ws: env and SELF (from "cloudflare:test" or vitest-environment-workers-ws) exist only in test files run by the workers-ws environment (environment: "workers-ws").',
    );
  }
  return bindings;
}

/** Installs the bindings `build` makes (built now); returns the function that restores the previous ones. */
export function setCurrentFileBindings(build: () => FileBindings): () => void {
  const previous = holder[KEY];
  holder[KEY] = { current: build(), build };
  return () => {
    holder[KEY] = previous;
  };
}

/**
 * With isolate: false one environment setup serves several files: the setup file calls this after
 * each file, so the next one starts with empty namespaces and an env of its own, as it would alone.
 */
export function renewFileBindings(): void {
  const installed = holder[KEY];
  if (installed !== undefined) installed.current = installed.build();
}

/**
 * `env` as a module export: one object for every test file (a module is evaluated once per worker,
 * and with isolate: false files share a worker), reading through to the running file's bindings.
 */
export const env: Record<string, unknown> = new Proxy(Object.create(null) as Record<string, unknown>, {
  get: (_, key) => Reflect.get(currentFileBindings().env, key),
  has: (_, key) => Reflect.has(currentFileBindings().env, key),
  set: (_, key, value) => Reflect.set(currentFileBindings().env, key, value),
  deleteProperty: (_, key) => Reflect.deleteProperty(currentFileBindings().env, key),
  ownKeys: () => Reflect.ownKeys(currentFileBindings().env),
  getOwnPropertyDescriptor: (_, key) => {
    const descriptor = Reflect.getOwnPropertyDescriptor(currentFileBindings().env, key);
    // The proxy's target has no such keys: report them configurable, as a proxy must.
    return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
  },
});

/** `SELF` as a module export, reaching the running file's Worker. */
export const SELF = {
  fetch: (input: Request | string | URL, init?: RequestInit): Promise<Response> =>
    currentFileBindings().self.fetch(input, init),
  connect: (): never => currentFileBindings().self.connect(),
};
