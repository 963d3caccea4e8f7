import { currentIoContext, isIoContextAborted } from "./io-context.js";

/**
 * The timer globals as an installed runtime gives them: a timer set by code of an IoContext does
 * not fire once that context was aborted, as workerd drops an aborted IoContext's timers
 * (observed: a hibernation handler cut off by its event timeout never resumes from its
 * setTimeout; conformance 46-hibernation-attachments-timeout/handlerCutOff). Timers set outside
 * any request (test code) are passed through untouched. The returned handles are the originals,
 * so clearTimeout and friends, and util.promisify's custom forms, keep working.
 */
const KINDS = ["setTimeout", "setInterval", "setImmediate"] as const;
type TimerFunction = (this: unknown, callback: unknown, ...rest: unknown[]) => unknown;

export function installContextTimers(target: object): () => void {
  const timers = target as Record<(typeof KINDS)[number], TimerFunction | undefined>;
  const saved = new Map<string, PropertyDescriptor | undefined>();
  for (const kind of KINDS) {
    const original = timers[kind];
    if (typeof original !== "function") continue;
    saved.set(kind, Object.getOwnPropertyDescriptor(target, kind));
    const wrapped = function (this: unknown, callback: unknown, ...rest: unknown[]): unknown {
      const context = currentIoContext();
      if (typeof callback !== "function") return original.call(this, callback, ...rest);
      const run = function (this: unknown, ...args: unknown[]): unknown {
        if (isIoContextAborted(context)) return undefined;
        return (callback as (...a: unknown[]) => unknown).apply(this, args);
      };
      return original.call(this, run, ...rest);
    };
    Object.defineProperties(wrapped, Object.getOwnPropertyDescriptors(original));
    Object.defineProperty(target, kind, {
      value: wrapped,
      writable: true,
      enumerable: false,
      configurable: true,
    });
  }
  return () => {
    for (const [kind, descriptor] of saved) {
      if (descriptor) Object.defineProperty(target, kind, descriptor);
      else delete (target as Record<string, unknown>)[kind];
    }
  };
}
