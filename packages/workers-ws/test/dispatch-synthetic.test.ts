import { describe, expect, it } from "vitest";
import { CloseEvent, ErrorEvent, Event, EventTarget, MessageEvent, settle } from "workers-ws";
import { describeError, NEW, OLD, pair, Trace, thrownBy, useRuntime } from "./support/trace.js";

// workerd-observed.md §3 "31-dispatch-synthetic"; recorded from workerd with the probe scenarios
// synthetic.js, evafter.js, prevent.js and capture2.js.

describe.each([
  { date: OLD, throwingListener: { returns: "Error: sync boom", ran: ["l1"], logged: [] as string[] } },
  { date: NEW, throwingListener: { returns: "true", ran: ["l1", "l2"], logged: ["Error: sync boom"] } },
])("dispatchEvent() at $date", ({ date, throwingListener }) => {
  const env = useRuntime({ compatibilityDate: date });

  it("runs the listeners synchronously, even before accept(), without touching readyState", () => {
    const t = new Trace();
    const [, s] = pair();
    s.addEventListener("message", (ev) =>
      t.log(
        "message",
        ev.constructor.name,
        ev.data ?? "no data",
        ev.isTrusted,
        ev.target === s,
        s.readyState,
      ),
    );
    s.addEventListener("close", (ev) => t.log("close", ev.code, ev.wasClean, ev.isTrusted, s.readyState));
    t.log("returned", s.dispatchEvent(new MessageEvent("message", { data: "fake" })));
    t.log(
      "returned",
      s.dispatchEvent(new CloseEvent("close", { code: 1006, wasClean: false })),
      s.readyState,
    );
    t.log("returned", s.dispatchEvent(new Event("message")));
    t.log("returned", s.dispatchEvent(new ErrorEvent("error", { message: "x" })), s.readyState);
    t.log("returned", s.dispatchEvent(new Event("open")));
    expect(t.lines).toEqual([
      "message MessageEvent fake false true 1",
      "returned true",
      "close 1006 false false 1",
      "returned true 1",
      "message Event no data false true 1",
      "returned true",
      "returned true 1",
      "returned true",
    ]);
  });

  it("returns false when a listener called preventDefault(), even on a non-cancelable event", () => {
    const target = new EventTarget();
    const cancelable = new Event("c", { cancelable: true });
    target.addEventListener("c", (ev) => ev.preventDefault());
    expect([target.dispatchEvent(cancelable), cancelable.defaultPrevented, cancelable.returnValue]).toEqual([
      false,
      true,
      false,
    ]);
    const plain = new Event("n");
    const inListener: boolean[] = [];
    target.addEventListener("n", (ev) => {
      ev.preventDefault();
      inListener.push(ev.defaultPrevented, ev.returnValue);
    });
    expect([target.dispatchEvent(plain), plain.defaultPrevented, plain.returnValue]).toEqual([
      false,
      false,
      true,
    ]);
    expect(inListener).toEqual([false, true]);
  });

  it("starts each dispatch uncanceled: preventDefault() before dispatching does not count", () => {
    const target = new EventTarget();
    target.addEventListener("c1", () => {});
    const ev = new Event("c1", { cancelable: true });
    ev.preventDefault();
    expect(ev.defaultPrevented).toBe(true);
    expect(target.dispatchEvent(ev)).toBe(true);
    expect(ev.defaultPrevented).toBe(false);
    expect(target.dispatchEvent(new Event("nobody listens"))).toBe(true);
  });

  it("leaves target and currentTarget set after the dispatch; eventPhase goes back to 0", async () => {
    const [c, s] = pair(true);
    let received: Event | undefined;
    s.addEventListener("message", (ev) => {
      received = ev;
    });
    c.send("x");
    await settle();
    const synthetic = new Event("foo");
    s.dispatchEvent(synthetic);
    for (const ev of [received as Event, synthetic]) {
      expect([ev.currentTarget === s, ev.target === s, ev.eventPhase, ev.composedPath().length]).toEqual([
        true,
        true,
        0,
        0,
      ]);
    }
  });

  it("refuses a value that is not an Event, and an event that is being dispatched", () => {
    const [, s] = pair();
    const dispatch = s.dispatchEvent.bind(s) as (...args: unknown[]) => boolean;
    const notAnEvent =
      "TypeError: Failed to execute 'dispatchEvent' on 'EventTarget': parameter 1 is not of type 'Event'.";
    const errors = [
      () => dispatch("string"),
      () => dispatch(),
      () => dispatch(null),
      () => dispatch({ type: "x" }),
    ].map((fn) => describeError(thrownBy(fn)));
    expect(errors).toEqual([notAnEvent, notAnEvent, notAnEvent, notAnEvent]);
    const nested: string[] = [];
    s.addEventListener("r", (ev) => nested.push(describeError(thrownBy(() => s.dispatchEvent(ev)))));
    const ev = new Event("r");
    expect(s.dispatchEvent(ev)).toBe(true);
    expect(nested).toEqual(["DOMException InvalidStateError(11): The event is already being dispatched."]);
    // once the dispatch is over, the same event can be dispatched again
    expect(s.dispatchEvent(ev)).toBe(true);
    expect(nested).toHaveLength(2);
  });

  it(`lets a throwing listener ${throwingListener.ran.length > 1 ? "be logged while the rest run" : "stop the dispatch and reach the caller"}`, () => {
    const target = new EventTarget();
    const ran: string[] = [];
    target.addEventListener("x", () => {
      ran.push("l1");
      throw new Error("sync boom");
    });
    target.addEventListener("x", () => ran.push("l2"));
    const result = (() => {
      try {
        return String(target.dispatchEvent(new Event("x")));
      } catch (error) {
        return describeError(error);
      }
    })();
    expect(result).toBe(throwingListener.returns);
    expect(ran).toEqual(throwingListener.ran);
    expect(env.uncaught.map(describeError)).toEqual(throwingListener.logged);
  });
});
