import { describe, expect, it } from "vitest";
import { deliveryLoop } from "../src/scheduler/delivery-loop.js";

// The delivery loop orders hops as kj orders events: breadth-first behind everything queued,
// depth-first right after the hop that queued them (kj armDepthFirst resets its insert point to
// the queue's head after every event, so depth-first arms made during one event run in arm order).

/** Queues an internal hop breadth-first (kj armBreadthFirst). */
function later(step: () => void): void {
  deliveryLoop.enqueueInternal(step, undefined, undefined);
}

/** Queues an internal hop depth-first (kj armDepthFirst). */
function next(step: () => void): void {
  deliveryLoop.enqueueInternalDepthFirst(step, undefined, undefined);
}

/** A hop that records `label`, then does `then` (usually: queue more hops). */
function recorder() {
  const order: string[] = [];
  const hop = (label: string, then?: () => void) => (): void => {
    order.push(label);
    then?.();
  };
  return { order, hop };
}

describe("delivery loop order", () => {
  it("runs breadth-first hops in the order they were queued", async () => {
    const { order, hop } = recorder();
    later(hop("a"));
    later(hop("b"));
    later(hop("c"));
    await deliveryLoop.settle();
    expect(order).toEqual(["a", "b", "c"]);
  });

  it("runs what a hop queues depth-first right after it, ahead of hops queued earlier, in arm order", async () => {
    const { order, hop } = recorder();
    later(
      hop("a", () => {
        next(hop("a.1"));
        later(hop("a.tail"));
        next(hop("a.2"));
      }),
    );
    later(hop("b"));
    await deliveryLoop.settle();
    expect(order).toEqual(["a", "a.1", "a.2", "b", "a.tail"]);
  });

  it("counts code outside any hop as one hop: what it queues depth-first runs before older hops", async () => {
    const { order, hop } = recorder();
    later(hop("breadth"));
    next(hop("depth"));
    await deliveryLoop.settle();
    expect(order).toEqual(["depth", "breadth"]);
  });

  it("chains depth-first arms: a depth-first hop's own depth-first arm runs next", async () => {
    const { order, hop } = recorder();
    later(hop("a", () => next(hop("a.1", () => next(hop("a.1.1"))))));
    later(hop("b"));
    await deliveryLoop.settle();
    expect(order).toEqual(["a", "a.1", "a.1.1", "b"]);
  });

  it("places depth-first arms of a user-code hop and of its microtasks after those microtasks", async () => {
    const { order, hop } = recorder();
    deliveryLoop.enqueueStep(
      () => {
        order.push("user");
        queueMicrotask(hop("microtask", () => next(hop("from microtask"))));
        next(hop("from hop"));
        return true;
      },
      undefined,
      undefined,
      undefined,
      0,
    );
    later(hop("older"));
    await deliveryLoop.settle();
    expect(order).toEqual(["user", "microtask", "from hop", "from microtask", "older"]);
  });

  it("takes a delayed depth-first step's first hop next and its later hops breadth-first", async () => {
    const { order, hop } = recorder();
    const continuation = (): boolean => {
      order.push("continuation");
      return false;
    };
    later(
      hop("a", () => deliveryLoop.enqueueStepDepthFirst(continuation, undefined, undefined, undefined, 1)),
    );
    later(hop("b", () => later(hop("queued by b"))));
    later(hop("c"));
    await deliveryLoop.settle();
    // The first hop runs right after a, ahead of b and c, and queues the second behind c, so the
    // continuation comes before what b queued (breadth-first both hops, it would come after).
    expect(order).toEqual(["a", "b", "c", "continuation", "queued by b"]);
  });

  it("keeps the order across a ring that has to grow while depth-first hops are placed", async () => {
    const order: number[] = [];
    const count = 3000;
    for (let i = 0; i < count; i++) later(() => order.push(i));
    for (let i = 0; i < count; i++) next(() => order.push(-1 - i));
    await deliveryLoop.settle();
    const depthFirst = Array.from({ length: count }, (_, i) => -1 - i);
    const breadthFirst = Array.from({ length: count }, (_, i) => i);
    expect(order).toEqual([...depthFirst, ...breadthFirst]);
    expect(deliveryLoop.pending).toBe(0);
  });
});
