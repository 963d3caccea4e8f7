import { describe, expect, it } from "vitest";
import { settle } from "workers-ws";
import { describeError, NEW, OLD, pair, rs, Trace, thrownBy, useRuntime } from "./support/trace.js";

// workerd-observed.md §3 "13-send-after-close" and "14-close-twice"; recorded from workerd with
// the probe scenario sac.js.

const AFTER_CLOSE = "TypeError: Can't call WebSocket send() after close().";

function attempt(t: Trace, label: string, fn: () => void): void {
  const error = thrownBy(fn);
  t.log(label, error === "no error" ? "ok" : describeError(error));
}

describe.each([
  {
    date: OLD,
    ownClose: [
      `str ${AFTER_CLOSE}`,
      `bin ${AFTER_CLOSE}`,
      "s:close 1000  true rs=2",
      `later ${AFTER_CLOSE}`,
      "rs 2/2",
    ],
    peerClose: [
      "c:close 1000 bye true rs=2",
      "c.send after peer close ok",
      "s:message still here rs=2",
      "rs 2/2",
    ],
    inHandler: [
      "send in handler ok",
      "close() ok",
      "close(1000, r) ok",
      "c:message from handler rs=2",
      "c:close 1005  true rs=3",
      "rs 3/3",
    ],
  },
  {
    date: NEW,
    ownClose: [
      `str ${AFTER_CLOSE}`,
      `bin ${AFTER_CLOSE}`,
      "s:close 1000  true rs=3",
      "s:error Uncaught Error: Network connection lost. rs=3",
      `later ${AFTER_CLOSE}`,
      "rs 3/3",
    ],
    peerClose: [
      "c:close 1000 bye true rs=3",
      "c:error Uncaught Error: Network connection lost. rs=3",
      `c.send after peer close ${AFTER_CLOSE}`,
      "rs 3/3",
    ],
    inHandler: [
      `send in handler ${AFTER_CLOSE}`,
      "close() ok",
      "close(1000, r) ok",
      "c:close 1000 x true rs=3",
      "rs 3/3",
    ],
  },
])("send() after close at $date", ({ date, ownClose, peerClose, inHandler }) => {
  useRuntime({ compatibilityDate: date });

  it("throws after this end's own close(), for text and binary, from then on", async () => {
    const t = new Trace();
    const [c, s] = pair(true);
    t.tap("s", s);
    c.close(1000);
    attempt(t, "str", () => c.send("x"));
    attempt(t, "bin", () => c.send(new Uint8Array(1)));
    await settle();
    attempt(t, "later", () => c.send("y"));
    t.log("rs", rs(c, s));
    expect(t.lines).toEqual(ownClose);
  });

  it("is allowed after the peer's close only without auto-reply (the reply counts as close())", async () => {
    const t = new Trace();
    const [c, s] = pair(true);
    t.tap("c", c);
    s.addEventListener("message", (ev) => t.log("s:message", ev.data, `rs=${s.readyState}`));
    s.close(1000, "bye");
    await settle();
    attempt(t, "c.send after peer close", () => c.send("still here"));
    await settle();
    t.log("rs", rs(c, s));
    expect(t.lines).toEqual(peerClose);
  });

  it("inside the receiver's close handler: send() works only without auto-reply; the first close() wins", async () => {
    const t = new Trace();
    const [c, s] = pair(true);
    t.tap("c", c);
    s.addEventListener("close", () => {
      attempt(t, "send in handler", () => s.send("from handler"));
      attempt(t, "close()", () => s.close());
      attempt(t, "close(1000, r)", () => s.close(1000, "r"));
    });
    c.close(1000, "x");
    await settle();
    t.log("rs", rs(c, s));
    expect(t.lines).toEqual(inHandler);
  });

  it("throws on both ends once both are CLOSED, while close() stays a silent no-op", async () => {
    const [c, s] = pair(true);
    s.addEventListener("close", () => s.close());
    c.close();
    await settle();
    expect(rs(c, s)).toBe("3/3");
    expect(describeError(thrownBy(() => c.send("x")))).toBe(AFTER_CLOSE);
    expect(describeError(thrownBy(() => s.send("x")))).toBe(AFTER_CLOSE);
    expect(thrownBy(() => c.close())).toBe("no error");
    expect(thrownBy(() => s.close(4000, "x"))).toBe("no error");
  });
});
