import {
  createDurableObjectNamespace,
  type DurableObjectClass,
  type DurableObjectNamespace,
} from "workers-ws";

/** A namespace for `cls` in the active runtime, named as the workerd recordings name theirs. */
export function namespaceOf<T extends object>(
  cls: new (...args: never[]) => T,
  env: Record<string, unknown> = {},
  uniqueKey?: string,
): DurableObjectNamespace<T> {
  return createDurableObjectNamespace<T>({
    className: cls.name,
    load: () => cls as unknown as DurableObjectClass,
    env: () => env,
    uniqueKey,
  });
}

/** `Class: message` of a rejection or throw. */
export async function failure(work: () => unknown): Promise<string> {
  try {
    await work();
  } catch (error) {
    return error instanceof DOMException
      ? `DOMException ${error.name}: ${error.message}`
      : `${(error as Error).constructor.name}: ${(error as Error).message}`;
  }
  return "no error";
}
