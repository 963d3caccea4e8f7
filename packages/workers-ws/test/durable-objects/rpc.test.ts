import { describe, expect, it } from "vitest";
import { DurableObject, type DurableObjectState } from "workers-ws";
import { NEW, OLD, useRuntime } from "../support/trace.js";
import { failure, namespaceOf } from "./support.js";

// JavaScript RPC through a stub, observed in workerd 2026-11-17: public prototype methods and
// getters are reachable, instance fields are not, handler names are reserved, arguments and results
// are structured-cloned, and errors are rebuilt on the caller's side.

class Counter extends DurableObject {
  field = 5;
  count = 0;
  own = () => 1;
  hello(x: unknown) {
    return `hi ${JSON.stringify(x)} ${this.ctx.id.name}`;
  }
  get getter() {
    return "gotten";
  }
  increment() {
    return ++this.count;
  }
  retMap() {
    return new Map([[1, new Date(0)]]);
  }
  mutate(value: { n: number }) {
    value.n = 99;
    return value;
  }
  args(a: unknown) {
    return `${Object.prototype.toString.call(a)} ${a instanceof Map}`;
  }
  alarm() {
    return "alarm";
  }
  webSocketMessage() {
    return "wsm";
  }
  boom() {
    const error = new TypeError("bad thing") as TypeError & { extra: number };
    error.extra = 7;
    throw error;
  }
  async asyncBoom() {
    throw new RangeError("async bad");
  }
  custom() {
    class MyErr extends Error {
      constructor(message: string) {
        super(message);
        this.name = "MyErr";
      }
    }
    throw new MyErr("mine");
  }
  throwString() {
    throw "just a string";
  }
  throwObject() {
    throw { a: 1 };
  }
  throwAggregate() {
    throw new AggregateError([new Error("i")], "agg");
  }
  throwCause() {
    throw new Error("with cause", { cause: new Error("inner") });
  }
}

class Plain {
  constructor(readonly state: DurableObjectState) {}
  plain() {
    return "plain";
  }
}

type CounterStub = Counter & { nope(): Promise<unknown>; field: Promise<unknown> };

function shape(error: unknown) {
  const e = error as Error & Record<string, unknown>;
  return {
    ctor: e.constructor.name,
    name: e.name,
    message: e.message,
    keys: Object.keys(e),
    remote: e.remote,
  };
}

async function caught(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("RPC from 2024-04-03 (rpc)", () => {
  useRuntime({ compatibilityDate: NEW });

  it("calls prototype methods with cloned arguments and reads getters", async () => {
    const ns = namespaceOf(Counter);
    const stub = ns.getByName("alpha") as unknown as CounterStub;
    expect(await stub.hello({ a: 1 })).toBe('hi {"a":1} alpha');
    expect(await stub.getter).toBe("gotten");
    expect(await stub.increment()).toBe(1);
    expect(await ns.getByName("alpha").increment()).toBe(2);
    const sent = { n: 1 };
    const back = await stub.mutate(sent);
    expect([sent.n, back.n, back === sent]).toEqual([1, 99, false]);
    const map = await stub.retMap();
    expect([map instanceof Map, map.get(1) instanceof Date]).toEqual([true, true]);
    expect(await stub.args(new Map())).toBe("[object Map] true");
  });

  it("refuses instance fields, missing names and reserved handler names with workerd's errors", async () => {
    const stub = namespaceOf(Counter).getByName("a") as unknown as CounterStub & { own(): unknown };
    expect(await failure(() => stub.nope())).toBe(
      'TypeError: The RPC receiver does not implement the method "nope".',
    );
    expect(await failure(() => stub.field)).toBe(
      'TypeError: The RPC receiver does not implement the method "field".',
    );
    expect(await failure(() => stub.own())).toBe(
      'TypeError: The RPC receiver does not implement the method "own".',
    );
    expect(await failure(() => stub.alarm())).toBe(
      "TypeError: 'alarm' is a reserved method and cannot be called over RPC.",
    );
    expect(await failure(() => stub.webSocketMessage())).toBe(
      "TypeError: 'webSocketMessage' is a reserved method and cannot be called over RPC.",
    );
    expect((stub as unknown as { then?: unknown }).then).toBeUndefined();
  });

  it("refuses RPC to a class that does not extend DurableObject, but fetch() still works", async () => {
    const stub = namespaceOf(Plain).getByName("q") as unknown as Plain;
    expect(await failure(() => stub.plain())).toBe(
      'TypeError: The receiving Durable Object does not support RPC, because its class was not declared with `extends DurableObject`. In order to enable RPC, make sure your class extends the special class `DurableObject`, which can be imported from the module "cloudflare:workers".',
    );
  });

  it("refuses arguments that cannot be cloned", async () => {
    const stub = namespaceOf(Counter).getByName("a");
    expect(await failure(() => stub.args(Symbol("s")))).toBe(
      "DOMException DataCloneError: Symbol(s) could not be cloned.",
    );
  });

  it("rebuilds a thrown error on the caller's side: class, message, own fields, durableObjectId, remote", async () => {
    const stub = namespaceOf(Counter).getByName("z");
    const hex = stub.id.toString();
    const boom = (await caught(() => stub.boom())) as Error & Record<string, unknown>;
    expect(shape(boom)).toEqual({
      ctor: "TypeError",
      name: "TypeError",
      message: "bad thing",
      keys: ["extra", "durableObjectId", "remote"],
      remote: true,
    });
    expect(boom.extra).toBe(7);
    expect(boom.durableObjectId).toBe(hex);
    // The stack is the caller's: the object's frames are not in it.
    expect(boom.stack).not.toMatch(/at Counter\.boom/);
    expect(shape(await caught(() => stub.asyncBoom()))).toMatchObject({
      ctor: "RangeError",
      message: "async bad",
    });
    expect(shape(await caught(() => stub.custom()))).toEqual({
      ctor: "Error",
      name: "MyErr",
      message: "mine",
      keys: ["name", "durableObjectId", "remote"],
      remote: true,
    });
    expect(shape(await caught(() => stub.throwString()))).toEqual({
      ctor: "Error",
      name: "Error",
      message: "just a string",
      keys: ["remote"],
      remote: true,
    });
    const object = (await caught(() => stub.throwObject())) as Record<string, unknown>;
    expect(Object.keys(object)).toEqual(["a", "durableObjectId", "remote"]);
    const aggregate = (await caught(() => stub.throwAggregate())) as AggregateError;
    expect(shape(aggregate)).toMatchObject({
      ctor: "AggregateError",
      keys: ["errors", "durableObjectId", "remote"],
    });
    expect(aggregate.errors).toHaveLength(1);
    const withCause = (await caught(() => stub.throwCause())) as Error;
    expect(Object.keys(withCause)).toEqual(["cause", "durableObjectId", "remote"]);
    expect((withCause.cause as Error).message).toBe("inner");
  });
});

describe("before the rpc date", () => {
  useRuntime({ compatibilityDate: OLD });

  it("has no RPC: a stub has fetch() and nothing else, as in workerd at 2024-01-01", async () => {
    const stub = namespaceOf(Counter).getByName("alpha") as unknown as Record<string, unknown>;
    expect(stub.hello).toBeUndefined();
    expect(typeof stub.fetch).toBe("function");
  });
});

describe("the rpc flag", () => {
  useRuntime({ compatibilityDate: OLD, compatibilityFlags: ["rpc"] });

  it("turns RPC on before its date", async () => {
    expect(await namespaceOf(Counter).getByName("b").increment()).toBe(1);
  });
});
