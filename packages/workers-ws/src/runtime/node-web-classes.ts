/**
 * Node's own Response and Request, which the runtime's Response wraps and its fetch builds on.
 * Node defines them as lazy globals: the first read loads its bundled undici, about 25 ms, so
 * they are read on first use rather than when the package is imported (every test file imports
 * it; most never make a Response).
 *
 * By then the globals may have been replaced (the environment installs the runtime's Response).
 * Node's lazy getter defines the global as it loads, so it is called with the replacement's
 * descriptor put back right after: the replacement stays, and nothing runs in between.
 */
type ResponseClass = typeof globalThis.Response;
type RequestClass = typeof globalThis.Request;

function lazyGlobal<T>(name: "Response" | "Request"): () => T {
  const original = Object.getOwnPropertyDescriptor(globalThis, name);
  let value: T | undefined;
  return () => {
    if (value !== undefined) return value;
    if (original === undefined) throw new Error(`workers-ws: this Node.js has no global ${name}.`);
    if (!("get" in original) || original.get === undefined) {
      value = original.value as T;
      return value;
    }
    const current = Object.getOwnPropertyDescriptor(globalThis, name);
    value = original.get.call(globalThis) as T;
    if (current !== undefined && current.get !== original.get) {
      Object.defineProperty(globalThis, name, current);
    }
    return value;
  };
}

export const nodeResponseClass: () => ResponseClass = lazyGlobal<ResponseClass>("Response");
export const nodeRequestClass: () => RequestClass = lazyGlobal<RequestClass>("Request");
