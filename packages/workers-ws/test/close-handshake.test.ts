import { describe, expect, it } from "vitest";
import { type ErrorEvent, settle, type WebSocket } from "workers-ws";
import { describeError, NEW, OLD, pair, rs, Trace, thrownBy, useRuntime } from "./support/trace.js";

// workerd-observed.md §3 "07"/"08" close, "20-half-open", "21-auto-reply", "22-error-events".
// Every trace below was recorded from workerd (probe scenario handshake.js) at 2024-01-01 and
// 2026-11-01; the single-flag runs gave the trace of the other date exactly.

const LOST = "Uncaught Error: Network connection lost.";

/** A pair of accepted, traced ends: client "c", server "s". */
function tracedPair(
  t: Trace,
  clientOptions?: { allowHalfOpen?: boolean },
  serverOptions?: typeof clientOptions,
) {
  const [c, s] = pair();
  c.accept(clientOptions);
  s.accept(serverOptions);
  t.tap("c", c);
  t.tap("s", s);
  return [c, s] as const;
}

function attempt(t: Trace, label: string, fn: () => void): void {
  const error = thrownBy(fn);
  t.log(label, error === "no error" ? "ok" : describeError(error));
}

const manual = {
  passive: ["sync 2/1", "s:close 4001 init é true rs=2", "final 2/2"],
  replyInHandler: [
    "s:close 1000 initiator true rs=2",
    "s.close in handler ok",
    "in handler 2/3",
    "c:close 3333 handler reply true rs=3",
    `s:error ${LOST} rs=3`,
    "final 3/3",
  ],
  echoInHandler: [
    "s:close 1000 initiator true rs=2",
    "handler sees 2/2",
    "s.close(ev.code, ev.reason) ok",
    "s.send TypeError: Can't call WebSocket send() after close().",
    "after 2/3",
    "c:close 1000 initiator true rs=3",
    `s:error ${LOST} rs=3`,
    "final 3/3",
  ],
  noArgs: [
    "s:close 1005  true rs=2",
    "s.close() ok",
    "c:close 1005  true rs=3",
    `s:error ${LOST} rs=3`,
    "final 3/3",
  ],
  messagesFirst: ["s:message c1 rs=1", "s:message c2 rs=1", "s:close 1000 done true rs=2", "final 2/2"],
  sendFromCloseHandler: [
    "s:close 1000 x true rs=2",
    "s.send ok",
    "c:message from close handler rs=2",
    "final 2/2",
  ],
  closeTwice: ["again ok", "third ok", "s:close 4000 first true rs=2", "final 2/2"],
};

const auto = {
  passive: [
    "sync 2/1",
    "s:close 4001 init é true rs=3",
    "c:close 4001 init é true rs=3",
    `s:error ${LOST} rs=3`,
    "final 3/3",
  ],
  replyInHandler: [
    "s:close 1000 initiator true rs=3",
    "s.close in handler ok",
    "in handler 2/3",
    "c:close 1000 initiator true rs=3",
    `s:error ${LOST} rs=3`,
    "final 3/3",
  ],
  echoInHandler: [
    "s:close 1000 initiator true rs=3",
    "handler sees 2/3",
    "s.close(ev.code, ev.reason) ok",
    "s.send TypeError: Can't call WebSocket send() after close().",
    "after 2/3",
    "c:close 1000 initiator true rs=3",
    `s:error ${LOST} rs=3`,
    "final 3/3",
  ],
  noArgs: [
    "s:close 1005  true rs=3",
    "s.close() ok",
    "c:close 1005  true rs=3",
    `s:error ${LOST} rs=3`,
    "final 3/3",
  ],
  messagesFirst: [
    "s:message c1 rs=1",
    "s:message c2 rs=1",
    "s:close 1000 done true rs=3",
    "c:close 1000 done true rs=3",
    `s:error ${LOST} rs=3`,
    "final 3/3",
  ],
  sendFromCloseHandler: [
    "s:close 1000 x true rs=3",
    "s.send TypeError: Can't call WebSocket send() after close().",
    "c:close 1000 x true rs=3",
    `s:error ${LOST} rs=3`,
    "final 3/3",
  ],
  closeTwice: [
    "again ok",
    "third ok",
    "s:close 4000 first true rs=3",
    "c:close 4000 first true rs=3",
    `s:error ${LOST} rs=3`,
    "final 3/3",
  ],
};

describe.each([
  { label: OLD, options: { compatibilityDate: OLD }, expected: manual },
  { label: NEW, options: { compatibilityDate: NEW }, expected: auto },
  {
    label: `${OLD} + web_socket_auto_reply_to_close`,
    options: { compatibilityDate: OLD, compatibilityFlags: ["web_socket_auto_reply_to_close"] },
    expected: auto,
  },
  {
    label: `${NEW} + web_socket_manual_reply_to_close`,
    options: { compatibilityDate: NEW, compatibilityFlags: ["web_socket_manual_reply_to_close"] },
    expected: manual,
  },
])("close handshake at $label", ({ options, expected }) => {
  useRuntime(options);

  it("moves the closer to CLOSING at once; the receiver replies only with auto-reply", async () => {
    const t = new Trace();
    const [c, s] = tracedPair(t);
    c.close(4001, "init é");
    t.log("sync", rs(c, s));
    await settle();
    t.log("final", rs(c, s));
    expect(t.lines).toEqual(expected.passive);
  });

  it("lets the receiver reply with its own code from the close handler (ignored under auto-reply)", async () => {
    const t = new Trace();
    const [c, s] = tracedPair(t);
    s.addEventListener("close", () => {
      attempt(t, "s.close in handler", () => s.close(3333, "handler reply"));
      t.log("in handler", rs(c, s));
    });
    c.close(1000, "initiator");
    await settle();
    t.log("final", rs(c, s));
    expect(t.lines).toEqual(expected.replyInHandler);
  });

  it("echoes the received code and reason; send() after replying throws", async () => {
    const t = new Trace();
    const [c, s] = tracedPair(t);
    s.addEventListener("close", (ev) => {
      t.log("handler sees", rs(c, s));
      attempt(t, "s.close(ev.code, ev.reason)", () => s.close(ev.code, ev.reason));
      attempt(t, "s.send", () => s.send("after"));
      t.log("after", rs(c, s));
    });
    c.close(1000, "initiator");
    await settle();
    t.log("final", rs(c, s));
    expect(t.lines).toEqual(expected.echoInHandler);
  });

  it("sends code 1005 with an empty reason for close() without arguments, both ways", async () => {
    const t = new Trace();
    const [c, s] = tracedPair(t);
    s.addEventListener("close", () => attempt(t, "s.close()", () => s.close()));
    c.close();
    await settle();
    t.log("final", rs(c, s));
    expect(t.lines).toEqual(expected.noArgs);
  });

  it("delivers messages sent before the close first", async () => {
    const t = new Trace();
    const [c, s] = tracedPair(t);
    c.send("c1");
    c.send("c2");
    c.close(1000, "done");
    await settle();
    t.log("final", rs(c, s));
    expect(t.lines).toEqual(expected.messagesFirst);
  });

  it("lets the receiver send from its close handler only without auto-reply", async () => {
    const t = new Trace();
    const [c, s] = tracedPair(t);
    s.addEventListener("close", () => attempt(t, "s.send", () => s.send("from close handler")));
    c.close(1000, "x");
    await settle();
    t.log("final", rs(c, s));
    expect(t.lines).toEqual(expected.sendFromCloseHandler);
  });

  it("ignores a second and third close(): the peer gets the first code and reason once", async () => {
    const t = new Trace();
    const [c, s] = tracedPair(t);
    c.close(4000, "first");
    attempt(t, "again", () => c.close(4001, "second"));
    attempt(t, "third", () => c.close());
    await settle();
    t.log("final", rs(c, s));
    expect(t.lines).toEqual(expected.closeTwice);
  });

  // The rest behaves the same with and without auto-reply.

  it("keeps a half-open receiver (allowHalfOpen: true) CLOSING and able to send until it closes", async () => {
    const t = new Trace();
    const [c, s] = tracedPair(t, undefined, { allowHalfOpen: true });
    s.addEventListener("close", () => {
      t.log("handler", rs(c, s));
      attempt(t, "s.send in handler", () => s.send("from half-open"));
    });
    c.close(1000, "bye");
    await settle();
    t.log("mid", rs(c, s));
    attempt(t, "s.send later", () => s.send("later"));
    await settle();
    attempt(t, "s.close", () => s.close(1000, "server done"));
    t.log("after s.close", rs(c, s));
    await settle();
    t.log("final", rs(c, s));
    expect(t.lines).toEqual([
      "s:close 1000 bye true rs=2",
      "handler 2/2",
      "s.send in handler ok",
      "c:message from half-open rs=2",
      "mid 2/2",
      "s.send later ok",
      "c:message later rs=2",
      "s.close ok",
      "after s.close 2/3",
      "c:close 1000 server done true rs=3",
      `s:error ${LOST} rs=3`,
      "final 3/3",
    ]);
  });

  it("auto-replies for allowHalfOpen: false whatever the date: send() throws, close() is a no-op", async () => {
    const t = new Trace();
    const [c, s] = tracedPair(t, undefined, { allowHalfOpen: false });
    s.addEventListener("close", () => {
      t.log("handler", rs(c, s));
      attempt(t, "s.send", () => s.send("x"));
      attempt(t, "s.close", () => s.close(3000, "other"));
    });
    c.close(4123, "please echo");
    await settle();
    t.log("final", rs(c, s));
    expect(t.lines).toEqual([
      "s:close 4123 please echo true rs=3",
      "handler 2/3",
      "s.send TypeError: Can't call WebSocket send() after close().",
      "s.close ok",
      "c:close 4123 please echo true rs=3",
      `s:error ${LOST} rs=3`,
      "final 3/3",
    ]);
  });

  it("lets both half-open ends finish the handshake by hand", async () => {
    const t = new Trace();
    const [c, s] = tracedPair(t, { allowHalfOpen: true }, { allowHalfOpen: true });
    s.close(1000, "server first");
    await settle();
    attempt(t, "c.send", () => c.send("still"));
    await settle();
    t.log("mid", rs(c, s));
    c.close(1001, "client done");
    await settle();
    t.log("final", rs(c, s));
    expect(t.lines).toEqual([
      "c:close 1000 server first true rs=2",
      "c.send ok",
      "s:message still rs=2",
      "mid 2/2",
      "s:close 1001 client done true rs=3",
      `c:error ${LOST} rs=3`,
      "final 3/3",
    ]);
  });

  it.each([
    {
      first: "server",
      trace: [
        "sync 2/2",
        "c:close 1000 from server true rs=3",
        "s:close 3000 from client true rs=3",
        `s:error ${LOST} rs=3`,
        "final 3/3",
      ],
    },
    {
      first: "client",
      trace: [
        "sync 2/2",
        "s:close 3000 from client true rs=3",
        "c:close 1000 from server true rs=3",
        `c:error ${LOST} rs=3`,
        "final 3/3",
      ],
    },
  ])("closes simultaneously ($first first): each end gets the other's code", async ({ first, trace }) => {
    const t = new Trace();
    const [c, s] = tracedPair(t);
    if (first === "server") {
      s.close(1000, "from server");
      c.close(3000, "from client");
    } else {
      c.close(3000, "from client");
      s.close(1000, "from server");
    }
    t.log("sync", rs(c, s));
    await settle();
    t.log("final", rs(c, s));
    expect(t.lines).toEqual(trace);
  });

  it("gives the answering end one ErrorEvent after the handshake, then refuses send() and ignores close()", async () => {
    const [c, s] = pair(true);
    if (expected === manual) s.addEventListener("close", () => s.close(1000));
    const errors: ErrorEvent[] = [];
    const seen: unknown[] = [];
    s.addEventListener("error", (ev) => {
      errors.push(ev);
      seen.push({
        constructor: ev.constructor.name,
        message: ev.message,
        error: describeError(ev.error),
        where: [ev.filename, ev.lineno, ev.colno],
        flags: [ev.isTrusted, ev.cancelable],
        readyState: s.readyState,
      });
    });
    c.close(1000);
    await settle();
    expect(seen).toEqual([
      {
        constructor: "ErrorEvent",
        message: LOST,
        error: "Error: Network connection lost.",
        where: ["", 0, 0],
        flags: [true, false],
        readyState: 3,
      },
    ]);
    expect(describeError(thrownBy(() => s.send("x")))).toBe(
      "TypeError: Can't call WebSocket send() after close().",
    );
    expect(thrownBy(() => s.close())).toBe("no error");
    expect(describeError(thrownBy(() => c.send("x")))).toBe(
      "TypeError: Can't call WebSocket send() after close().",
    );
    expect(thrownBy(() => c.close())).toBe("no error");
    await settle();
    expect(errors).toHaveLength(1);
  });
});

describe("no reply in 2024", () => {
  useRuntime({ compatibilityDate: OLD });

  it("leaves the initiator without a close event for good when the receiver never closes", async () => {
    const t = new Trace();
    const [c, s]: readonly WebSocket[] = tracedPair(t);
    c.close(3001, "no reply expected?");
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await settle();
    t.log("final", rs(c as WebSocket, s as WebSocket));
    expect(t.lines).toEqual(["s:close 3001 no reply expected? true rs=2", "final 2/2"]);
  });
});
