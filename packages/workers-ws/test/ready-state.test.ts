import { describe, expect, it } from "vitest";
import { settle } from "workers-ws";
import { NEW, OLD, pair, rs, Trace, useRuntime } from "./support/trace.js";

// workerd-observed.md §3 "02-ready-state"; traces recorded from workerd (probe scenario ready-state.js).

describe.each([
  {
    date: OLD,
    // manual reply: the receiver stays CLOSING until it calls close() itself
    lifecycle: [
      "after server.close 1/2",
      "c:close 1000 done true rs=2",
      "settled 2/2",
      "after client.close 3/2",
      "s:close 1000 reply true rs=3",
      "c:error Uncaught Error: Network connection lost. rs=3",
      "final 3/3",
    ],
    lateAccept: [
      "after close 2/1",
      "settled 2/1",
      "late accept 2/1",
      "s:close 1000 bye true rs=2",
      "final 2/2",
    ],
  },
  {
    date: NEW,
    // auto reply: the receiver echoes at once, and its own close() afterwards is a no-op
    lifecycle: [
      "after server.close 1/2",
      "c:close 1000 done true rs=3",
      "s:close 1000 done true rs=3",
      "c:error Uncaught Error: Network connection lost. rs=3",
      "settled 3/3",
      "after client.close 3/3",
      "final 3/3",
    ],
    lateAccept: [
      "after close 2/1",
      "settled 2/1",
      "late accept 2/1",
      "s:close 1000 bye true rs=3",
      "c:close 1000 bye true rs=3",
      "s:error Uncaught Error: Network connection lost. rs=3",
      "final 3/3",
    ],
  },
])("readyState at $date", ({ date, lifecycle, lateAccept }) => {
  useRuntime({ compatibilityDate: date });

  it("is 1 on both ends from creation through accept(), on both dates", () => {
    const [c, s] = pair();
    expect(rs(c, s)).toBe("1/1");
    c.accept();
    expect(rs(c, s)).toBe("1/1");
    s.accept();
    expect(rs(c, s)).toBe("1/1");
  });

  it("follows the close handshake started by the server", async () => {
    const t = new Trace();
    const [c, s] = pair(true);
    t.tap("c", c);
    t.tap("s", s);
    s.close(1000, "done");
    t.log("after server.close", rs(c, s));
    await settle();
    t.log("settled", rs(c, s));
    c.close(1000, "reply");
    t.log("after client.close", rs(c, s));
    await settle();
    t.log("final", rs(c, s));
    expect(t.lines).toEqual(lifecycle);
  });

  it("stays 1 on an end that has not accepted, and delivers the buffered close after a late accept()", async () => {
    const t = new Trace();
    const [c, s] = pair();
    c.accept();
    t.tap("c", c);
    t.tap("s", s);
    c.close(1000, "bye");
    t.log("after close", rs(c, s));
    await settle();
    t.log("settled", rs(c, s));
    s.accept();
    t.log("late accept", rs(c, s));
    await settle();
    t.log("final", rs(c, s));
    expect(t.lines).toEqual(lateAccept);
  });

  it("keeps a never-accepted end at 1 whatever its peer does", async () => {
    const [c, s] = pair();
    c.accept();
    c.send("x");
    c.close(4000, "gone");
    await settle();
    expect(rs(c, s)).toBe("2/1");
  });
});
