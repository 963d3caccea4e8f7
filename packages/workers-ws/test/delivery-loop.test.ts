import { describe, expect, it } from "vitest";
import { deliveryLoop } from "../src/scheduler/delivery-loop.js";

// The delivery loop orders hops as kj orders events: breadth-first behind everything queued,
// depth-first right after the hop that queued them (kj armDepthFirst resets its insert point to
// the queue's head after every event, so depth-first arms made during one event run in arm order).

function recorder() {
  const order: string[] = [];
  const internal = (label: string, then?: () => void) => (): void => {
    order.push(label);
    then?.();
  };
  return { order, internal };
}

describe("delivery loop order", () => {
  it("runs breadth-first hops in the order they were queued", async () => {
    const { order, internal } = recorder();
    deliveryLoop.enqueueInternal(internal("a"), undefined, undefined);
    deliveryLoop.enqueueInternal(internal("b"), undefined, undefined);
    deliveryLoop.enqueueInternal(internal("c"), undefined, undefined);
    await deliveryLoop.settle();
    expect(order).toEqual(["a", "b", "c"]);
  });

  it("runs what a hop queues depth-first right after it, ahead of hops queued earlier, in arm order", async () => {
    const { order, internal } = recorder();
    deliveryLoop.enqueueInternal(
      internal("a", () => {
        deliveryLoop.enqueueInternalDepthFirst(internal("a.1"), undefined, undefined);
        deliveryLoop.enqueueInternal(internal("a.tail"), undefined, undefined);
        deliveryLoop.enqueueInternalDepthFirst(internal("a.2"), undefined, undefined);
      }),
      undefined,
      undefined,
    );
    deliveryLoop.enqueueInternal(internal("b"), undefined, undefined);
    await deliveryLoop.settle();
    expect(order).toEqual(["a", "a.1", "a.2", "b", "a.tail"]);
  });

  it("counts code outside any hop as one hop: what it queues depth-first runs before older hops", async () => {
    const { order, internal } = recorder();
    deliveryLoop.enqueueInternal(internal("breadth"), undefined, undefined);
    deliveryLoop.enqueueInternalDepthFirst(internal("depth"), undefined, undefined);
    await deliveryLoop.settle();
    expect(order).toEqual(["depth", "breadth"]);
  });

  it("chains depth-first arms: a depth-first hop's own depth-first arm runs next", async () => {
    const { order, internal } = recorder();
    deliveryLoop.enqueueInternal(
      internal("a", () =>
        deliveryLoop.enqueueInternalDepthFirst(
          internal("a.1", () =>
            deliveryLoop.enqueueInternalDepthFirst(internal("a.1.1"), undefined, undefined),
          ),
          undefined,
          undefined,
        ),
      ),
      undefined,
      undefined,
    );
    deliveryLoop.enqueueInternal(internal("b"), undefined, undefined);
    await deliveryLoop.settle();
    expect(order).toEqual(["a", "a.1", "a.1.1", "b"]);
  });

  it("places depth-first arms of a user-code hop and of its microtasks after those microtasks", async () => {
    const order: string[] = [];
    const note = (label: string) => () => {
      order.push(label);
    };
    deliveryLoop.enqueueStep(
      () => {
        order.push("user");
        queueMicrotask(() => {
          order.push("microtask");
          deliveryLoop.enqueueInternalDepthFirst(note("from microtask"), undefined, undefined);
        });
        deliveryLoop.enqueueInternalDepthFirst(note("from hop"), undefined, undefined);
        return true;
      },
      undefined,
      undefined,
      undefined,
      0,
    );
    deliveryLoop.enqueueInternal(note("older"), undefined, undefined);
    await deliveryLoop.settle();
    expect(order).toEqual(["user", "microtask", "from hop", "from microtask", "older"]);
  });

  it("takes a delayed depth-first step's first hop next and its later hops breadth-first", async () => {
    const order: string[] = [];
    deliveryLoop.enqueueInternal(
      () => {
        order.push("a");
        deliveryLoop.enqueueStepDepthFirst(
          () => {
            order.push("continuation");
            return false;
          },
          undefined,
          undefined,
          undefined,
          1,
        );
      },
      undefined,
      undefined,
    );
    deliveryLoop.enqueueInternal(
      () => {
        order.push("b");
        deliveryLoop.enqueueInternal(() => order.push("queued by b"), undefined, undefined);
      },
      undefined,
      undefined,
    );
    deliveryLoop.enqueueInternal(() => order.push("c"), undefined, undefined);
    await deliveryLoop.settle();
    // The first hop runs right after a, ahead of b and c, and queues the second behind c, so the
    // continuation comes before what b queued (breadth-first both hops, it would come after).
    expect(order).toEqual(["a", "b", "c", "continuation", "queued by b"]);
  });

  it("keeps the order across a ring that has to grow while depth-first hops are placed", async () => {
    const order: number[] = [];
    const count = 3000;
    for (let i = 0; i < count; i++) deliveryLoop.enqueueInternal(() => order.push(i), undefined, undefined);
    for (let i = 0; i < count; i++)
      deliveryLoop.enqueueInternalDepthFirst(() => order.push(-1 - i), undefined, undefined);
    await deliveryLoop.settle();
    const depthFirst = Array.from({ length: count }, (_, i) => -1 - i);
    const breadthFirst = Array.from({ length: count }, (_, i) => i);
    expect(order).toEqual([...depthFirst, ...breadthFirst]);
    expect(deliveryLoop.pending).toBe(0);
  });
});
