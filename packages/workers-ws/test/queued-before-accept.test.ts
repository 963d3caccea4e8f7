import { describe, expect, it } from "vitest";
import { settle } from "workers-ws";
import { describeError, NEW, OLD, pair, rs, Trace, thrownBy, useRuntime } from "./support/trace.js";

// workerd-observed.md §3 "06-queued-before-accept" and "12-send-before-accept"; traces recorded
// from workerd with the probe scenario qba.js.

const NOT_ACCEPTED =
  "TypeError: You must call one of accept() or state.acceptWebSocket() on this WebSocket before sending messages.";

describe.each([
  { date: OLD, closeBeforeAccept: ["s:message m1 rs=1", "s:close 1000 bye true rs=2", "final 2/2"] },
  {
    date: NEW,
    closeBeforeAccept: [
      "s:message m1 rs=1",
      "s:close 1000 bye true rs=3",
      "c:close 1000 bye true rs=3",
      "s:error Uncaught Error: Network connection lost. rs=3",
      "final 3/3",
    ],
  },
])("before accept() at $date", ({ date, closeBeforeAccept }) => {
  useRuntime({ compatibilityDate: date });

  it("send() and close() throw until this end accepts, even when the peer has accepted", () => {
    const [c, s] = pair();
    s.accept();
    expect(describeError(thrownBy(() => c.send("x")))).toBe(NOT_ACCEPTED);
    expect(describeError(thrownBy(() => c.send(new Uint8Array(1))))).toBe(NOT_ACCEPTED);
    expect(describeError(thrownBy(() => c.close()))).toBe(NOT_ACCEPTED);
    expect(describeError(thrownBy(() => c.close(1000, "r")))).toBe(NOT_ACCEPTED);
    expect(rs(c, s)).toBe("1/1");
  });

  it("throws a plain TypeError, not a DOMException", () => {
    const [c] = pair();
    const error = thrownBy(() => c.send("x")) as Error;
    expect(error.constructor).toBe(TypeError);
    expect(Object.prototype.toString.call(error)).toBe("[object Error]");
    expect(String(error)).toBe(NOT_ACCEPTED);
    expect(Object.getOwnPropertyNames(error)).toEqual(["stack", "message"]);
  });

  it("checks arguments before the accept state", () => {
    const [c] = pair();
    expect(describeError(thrownBy(() => c.close(999)))).toBe(
      "DOMException InvalidAccessError(15): Invalid WebSocket close code: 999.",
    );
    expect(describeError(thrownBy(() => c.close(undefined, "r")))).toBe(
      "DOMException InvalidAccessError(15): If you specify a WebSocket close reason, you must also specify a code.",
    );
    expect(describeError(thrownBy(() => (c.send as () => void)()))).toBe(
      "TypeError: Failed to execute 'send' on 'WebSocket': parameter 1 is not of type 'ArrayBuffer or ArrayBufferView or string'.",
    );
  });

  it("buffers what the peer sends and delivers it after accept(), not synchronously", async () => {
    const t = new Trace();
    const [c, s] = pair();
    c.accept();
    t.tap("c", c);
    t.tap("s", s);
    c.send("a");
    c.send("b");
    await settle();
    t.log("before accept", rs(c, s));
    s.accept();
    t.log("accepted", rs(c, s));
    await Promise.resolve();
    t.log("after microtask");
    await settle();
    c.send("c");
    await settle();
    expect(t.lines).toEqual([
      "before accept 1/1",
      "accepted 1/1",
      "after microtask",
      "s:message a rs=1",
      "s:message b rs=1",
      "s:message c rs=1",
    ]);
  });

  it("loses events dispatched while nothing listens", async () => {
    const t = new Trace();
    const [c, s] = pair(true);
    c.send("lost1");
    c.send("lost2");
    await settle();
    t.tap("s", s);
    c.send("seen");
    await settle();
    expect(t.lines).toEqual(["s:message seen rs=1"]);
  });

  it("still catches earlier messages with a listener added right after accept(), in the same turn", async () => {
    const t = new Trace();
    const [c, s] = pair();
    c.accept();
    c.send("early");
    await settle();
    s.accept();
    t.tap("s", s);
    await settle();
    expect(t.lines).toEqual(["s:message early rs=1"]);
  });

  it("buffers a close sent before accept() behind the messages, then runs the handshake", async () => {
    const t = new Trace();
    const [c, s] = pair();
    c.accept();
    t.tap("c", c);
    t.tap("s", s);
    c.send("m1");
    c.close(1000, "bye");
    await settle();
    s.accept();
    await settle();
    t.log("final", rs(c, s));
    expect(t.lines).toEqual(closeBeforeAccept);
  });
});
