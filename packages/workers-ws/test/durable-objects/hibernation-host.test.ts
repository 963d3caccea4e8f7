import { describe, expect, it } from "vitest";
import {
  DurableObject,
  type DurableObjectState,
  evictDurableObject,
  isDurableObjectHibernated,
  runInDurableObject,
} from "workers-ws";
// The seam the hibernation room builds on (durable-objects/object-slot.ts host()), reached through
// the built modules the package entry loads (the same instances 'workers-ws' resolves to here).
import { slotOfStub } from "../../dist/durable-objects/stub.js";
import { currentIoContext } from "../../dist/runtime/io-context.js";
import { NEW, useRuntime } from "../support/trace.js";
import { namespaceOf } from "./support.js";

let constructed = 0;

class Handlers extends DurableObject {
  seen: unknown[] = [];
  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env);
    constructed++;
  }
  webSocketMessage(_ws: unknown, message: unknown) {
    this.seen.push([
      "message",
      message,
      currentIoContext() === hostOf(this.ctx.id.name as string).ioContext(),
    ]);
  }
  async webSocketError() {
    throw new Error("handler failed");
  }
}

class NoHandlers extends DurableObject {}

const hosts = new Map<string, ReturnType<NonNullable<ReturnType<typeof slotOfStub>>["host"]>>();
function hostOf(name: string) {
  return hosts.get(name) as NonNullable<ReturnType<typeof hosts.get>>;
}

describe("the object host a HibernationManager is made with", () => {
  const env = useRuntime({ compatibilityDate: NEW });

  it("calls handlers on the current instance inside its IoContext, constructing one after an eviction", async () => {
    const stub = namespaceOf(Handlers).getByName("h");
    const slot = slotOfStub(stub);
    if (!slot) throw new Error("no slot");
    const host = slot.host();
    hosts.set("h", host);
    expect(host.label).toEqual({ className: "Handlers", id: stub.id.toString() });
    constructed = 0;
    expect(await host.callHandler("webSocketMessage", [null, "one"])).toBe("called");
    await evictDurableObject(stub);
    expect(isDurableObjectHibernated(stub)).toBe(true);
    expect(await host.callHandler("webSocketMessage", [null, "two"])).toBe("called");
    expect(constructed).toBe(2);
    expect(await runInDurableObject(stub, (object: Handlers) => object.seen)).toEqual([
      ["message", "two", true],
    ]);
  });

  it("reports a throwing handler as an uncaught error and a missing one as missing", async () => {
    const host = slotOfStub(namespaceOf(Handlers).getByName("e"))?.host();
    expect(await host?.callHandler("webSocketError", [null, new Error("x")])).toBe("called");
    expect(env.uncaught.map((error) => (error as Error).message)).toEqual(["handler failed"]);
    const bare = slotOfStub(namespaceOf(NoHandlers).getByName("n"))?.host();
    expect(await bare?.callHandler("webSocketClose", [null, 1000, "", true])).toBe("missing");
  });
});
