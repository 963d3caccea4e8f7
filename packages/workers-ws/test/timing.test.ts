import { afterEach, describe, expect, it, vi } from "vitest";
import { settle } from "workers-ws";
import { NEW, OLD, pair, Trace, useRuntime } from "./support/trace.js";

// workerd-observed.md §2 "Timing model" and §3 "26-timing"; every order below was recorded from
// workerd with the probe scenario timing.js (the same at both dates, except the close handshake).

async function microtasks(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await Promise.resolve();
}

/** Resolves from a setTimeout(0) that logs `label` when it fires. */
function timeout0(t: Trace, label = "timeout0"): Promise<void> {
  return new Promise((resolve) =>
    setTimeout(() => {
      t.log(label);
      resolve();
    }, 0),
  );
}

describe.each([
  { date: OLD, closeDelivery: ["after 100", "s:close 1000 x true rs=2", "timeout0"] },
  {
    date: NEW,
    closeDelivery: [
      "after 100",
      "s:close 1000 x true rs=3",
      "c:close 1000 x true rs=3",
      "s:error Uncaught Error: Network connection lost. rs=3",
      "timeout0",
    ],
  },
])("event timing at $date", ({ date, closeDelivery }) => {
  useRuntime({ compatibilityDate: date });

  it("never dispatches synchronously or within 100 awaited microtasks, but before setTimeout(0)", async () => {
    const t = new Trace();
    const [c, s] = pair(true);
    s.addEventListener("message", (ev) => t.log("message", ev.data));
    const timer = timeout0(t);
    c.send("m1");
    t.log("sync after send");
    await microtasks(1);
    t.log("after 1 microtask");
    await microtasks(9);
    t.log("after 10");
    await microtasks(90);
    t.log("after 100");
    await timer;
    expect(t.lines).toEqual([
      "sync after send",
      "after 1 microtask",
      "after 10",
      "after 100",
      "message m1",
      "timeout0",
    ]);
  });

  it("delivers the close (and, with auto-reply, the whole handshake) before setTimeout(0)", async () => {
    const t = new Trace();
    const [c, s] = pair(true);
    t.tap("c", c);
    t.tap("s", s);
    const timer = timeout0(t);
    c.close(1000, "x");
    await microtasks(100);
    t.log("after 100");
    await timer;
    expect(t.lines).toEqual(closeDelivery);
  });

  it("runs each event as its own task, with a microtask checkpoint after each", async () => {
    const t = new Trace();
    const [c, s] = pair(true);
    const timers: Promise<void>[] = [];
    s.addEventListener("message", (ev) => {
      const d = ev.data as string;
      t.log("start", d);
      void Promise.resolve().then(() => t.log("then", d));
      queueMicrotask(() => t.log("qM", d));
      timers.push(timeout0(t, `setTimeout ${d}`));
      t.log("end", d);
    });
    c.send("a");
    c.send("b");
    c.send("c");
    await settle();
    await Promise.all(timers);
    expect(t.lines).toEqual([
      "start a",
      "end a",
      "then a",
      "qM a",
      "start b",
      "end b",
      "then b",
      "qM b",
      "start c",
      "end c",
      "then c",
      "qM c",
      "setTimeout a",
      "setTimeout b",
      "setTimeout c",
    ]);
  });

  it("orders events across directions by the global order of the sends", async () => {
    const t = new Trace();
    const [c, s] = pair(true);
    t.tap("c", c);
    t.tap("s", s);
    c.send("c1");
    s.send("s1");
    c.send("c2");
    s.send("s2");
    await settle();
    expect(t.lines).toEqual([
      "s:message c1 rs=1",
      "c:message s1 rs=1",
      "s:message c2 rs=1",
      "c:message s2 rs=1",
    ]);
  });

  it("queues a send() made in a handler behind the traffic already in flight", async () => {
    const t = new Trace();
    const [c, s] = pair(true);
    t.tap("c", c);
    t.tap("s", s);
    s.addEventListener("message", (ev) => s.send(`reply-to-${ev.data}`));
    c.send("q1");
    s.send("unsolicited");
    c.send("q2");
    await settle();
    expect(t.lines).toEqual([
      "s:message q1 rs=1",
      "c:message unsolicited rs=1",
      "s:message q2 rs=1",
      "c:message reply-to-q1 rs=1",
      "c:message reply-to-q2 rs=1",
    ]);
  });

  it("queues a send() from a handler's microtask right behind the handler's own send", async () => {
    const t = new Trace();
    const [c, s] = pair(true);
    t.tap("c", c);
    s.addEventListener("message", (ev) => {
      void Promise.resolve().then(() => s.send(`late-${ev.data}`));
      s.send(`now-${ev.data}`);
    });
    c.send("x");
    c.send("y");
    await settle();
    expect(t.lines).toEqual([
      "c:message now-x rs=1",
      "c:message late-x rs=1",
      "c:message now-y rs=1",
      "c:message late-y rs=1",
    ]);
  });

  it("finishes five ping-pong round trips before one setTimeout(0)", async () => {
    const t = new Trace();
    const [c, s] = pair(true);
    let n = 0;
    s.addEventListener("message", (ev) => {
      t.log("s got", ev.data);
      s.send(`pong${ev.data}`);
    });
    c.addEventListener("message", (ev) => {
      t.log("c got", ev.data);
      if (++n < 5) c.send(String(n));
    });
    const timer = timeout0(t);
    c.send("0");
    await timer;
    expect(t.lines).toEqual([
      "s got 0",
      "c got pong0",
      "s got 1",
      "c got pong1",
      "s got 2",
      "c got pong2",
      "s got 3",
      "c got pong3",
      "s got 4",
      "c got pong4",
      "timeout0",
    ]);
  });

  it("delivers messages buffered before accept() after it: not within microtasks, before setTimeout(0)", async () => {
    const t = new Trace();
    const [c, s] = pair();
    c.accept();
    s.addEventListener("message", (ev) => t.log("message", ev.data));
    c.send("early");
    await settle();
    const timer = timeout0(t);
    s.accept();
    t.log("sync after accept");
    await microtasks(100);
    t.log("after 100");
    await timer;
    expect(t.lines).toEqual(["sync after accept", "after 100", "message early", "timeout0"]);
  });
});

describe("settle()", () => {
  useRuntime({ compatibilityDate: NEW });

  it("resolves after everything in flight was delivered, including what the deliveries set off", async () => {
    const t = new Trace();
    const [c, s] = pair(true);
    t.tap("c", c);
    t.tap("s", s);
    s.addEventListener("message", (ev) => {
      if (ev.data === "bye") s.close(1000, "ok");
      else s.send(`echo:${ev.data}`);
    });
    c.send("hi");
    c.send("bye");
    await settle();
    expect(t.lines).toEqual([
      "s:message hi rs=1",
      "c:message echo:hi rs=1",
      "s:message bye rs=1",
      "c:close 1000 ok true rs=3",
      "s:close 1000 ok true rs=3",
      "c:error Uncaught Error: Network connection lost. rs=3",
    ]);
  });

  it("resolves at once when nothing is in flight", async () => {
    await expect(settle()).resolves.toBeUndefined();
  });
});

describe("delivery under vi.useFakeTimers()", () => {
  useRuntime({ compatibilityDate: NEW });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("still delivers messages and the close handshake: delivery does not use the faked timers", async () => {
    vi.useFakeTimers();
    const t = new Trace();
    const [c, s] = pair(true);
    t.tap("c", c);
    t.tap("s", s);
    let fired = false;
    setTimeout(() => {
      fired = true;
    }, 0);
    c.send("under fake timers");
    c.close(4000, "done");
    await settle();
    expect(fired).toBe(false);
    expect(t.lines).toEqual([
      "s:message under fake timers rs=1",
      "s:close 4000 done true rs=3",
      "c:close 4000 done true rs=3",
      "s:error Uncaught Error: Network connection lost. rs=3",
    ]);
    vi.advanceTimersByTime(0);
    expect(fired).toBe(true);
  });
});
