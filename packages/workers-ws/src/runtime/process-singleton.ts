/**
 * One runtime per process. A package can be loaded twice in one process (a setup file resolved
 * through a symlink's real path, two copies in node_modules, Vite inlining one copy), and two
 * copies would mean two delivery loops and two WebSocket classes: events out of order across them,
 * `instanceof` failing, settle() not waiting for the other. The first copy to load publishes its
 * exports under a registered symbol; later copies hand those out instead of their own.
 */
const KEY = Symbol.for("workers-ws.runtime.v1");

export function processSingleton<T extends object>(create: () => T): T {
  const holder = globalThis as unknown as Record<symbol, T | undefined>;
  const existing = holder[KEY];
  if (existing) return existing;
  const created = create();
  Object.defineProperty(globalThis, KEY, {
    value: created,
    enumerable: false,
    configurable: false,
    writable: false,
  });
  return created;
}
