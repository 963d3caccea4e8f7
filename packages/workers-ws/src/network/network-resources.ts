import type { RuntimeContext } from "../runtime/context.js";

/** Something a runtime opened on the network: a server started by serve(), or a connection. */
export interface NetworkResource {
  /** For a server, the URL it listens on (reports name it); a connection has none. */
  readonly serverUrl?: string;
  /** Stops it at once: connections are cut, servers stop listening. Resolves once it is gone. */
  close(): Promise<void>;
}

const byContext = new WeakMap<RuntimeContext, Set<NetworkResource>>();

/** Remembers `resource` as belonging to the runtime of `context`; returns the function that forgets it. */
export function trackNetworkResource(context: RuntimeContext, resource: NetworkResource): () => void {
  let set = byContext.get(context);
  if (!set) {
    set = new Set();
    byContext.set(context, set);
  }
  set.add(resource);
  return () => {
    set.delete(resource);
  };
}

/** The URLs of the servers this runtime started with serve() that are still listening. */
export function listeningServerUrls(context: RuntimeContext): string[] {
  const urls: string[] = [];
  for (const resource of byContext.get(context) ?? []) {
    if (resource.serverUrl !== undefined) urls.push(resource.serverUrl);
  }
  return urls;
}

/**
 * Closes everything the runtime still has open on the network (the environment does this when a
 * test file ends, so no server, socket or timer outlives it). Returns how many were open.
 */
export async function closeNetworkResources(context: RuntimeContext): Promise<number> {
  const set = byContext.get(context);
  if (!set || set.size === 0) return 0;
  const open = [...set];
  set.clear();
  await Promise.all(open.map((resource) => resource.close()));
  return open.length;
}
