import type { RuntimeContext } from "../../runtime/context.js";
import { type IoContext, runInIoContext } from "../../runtime/io-context.js";
import type { HibernationHandlerName } from "../../websocket/transcript.js";
import type { HibernationHost } from "./hibernation-manager.js";

/** The instance of an object as the host needs it (durable-objects/object-slot.ts LiveInstance). */
export interface HostedInstance {
  readonly object: object | undefined;
  readonly ioContext: IoContext;
  /** Settles with `work`, or rejects once the instance is reset first. */
  guard<R>(work: Promise<R>): Promise<R>;
}

/** The object id a host serves (durable-objects/object-slot.ts ObjectSlot). */
export interface HostedObject {
  readonly hex: string;
  readonly ioContext: IoContext;
  readonly current: HostedInstance | undefined;
  readonly namespace: {
    readonly className: string;
    readonly bindingName: string | undefined;
    readonly context: RuntimeContext;
  };
  /** The current instance, constructed first if needed, once blockConcurrencyWhile() finished. */
  enter(): Promise<HostedInstance>;
  /** The event timeout cut a handler off: the instance continues in a fresh IoContext. */
  renewIoContext(): void;
}

/**
 * The HibernationHost of a Durable Object of a namespace: handler events reach the current
 * instance, constructed first if it was evicted (workerd delivers a hibernation event to the
 * actor, constructing it if needed: hibernatable-web-socket.c++ HibernatableWebSocketCustomEvent).
 */
export function objectHibernationHost(object: HostedObject): HibernationHost {
  const aborted = new WeakSet<IoContext>();
  return {
    ioContext: () => object.ioContext,
    label: {
      className: object.namespace.className,
      id: object.hex,
      ...(object.namespace.bindingName === undefined ? {} : { bindingName: object.namespace.bindingName }),
    },
    async callHandler(name: HibernationHandlerName, args: unknown[]): Promise<"called" | "missing"> {
      const report = (error: unknown) => object.namespace.context.reportUncaught(error);
      let live: HostedInstance;
      try {
        live = await object.enter();
      } catch (error) {
        // The object could not be constructed (or was reset): workerd logs the failed event.
        report(error);
        return "called";
      }
      const target = live.object as Record<string, unknown> | undefined;
      const method = target?.[name];
      if (typeof method !== "function") return "missing";
      const context = live.ioContext;
      try {
        await live.guard(Promise.resolve(runInIoContext(context, () => method.apply(target, args))));
      } catch (error) {
        // workerd logs a handler's exception as uncaught; one cut off by the event timeout is silent.
        if (!aborted.has(context)) report(error);
      }
      return "called";
    },
    abortIoContext(): void {
      const current = object.current;
      if (current !== undefined) aborted.add(current.ioContext);
      object.renewIoContext();
    },
  };
}
