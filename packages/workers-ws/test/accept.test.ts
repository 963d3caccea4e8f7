import { describe, expect, it } from "vitest";
import { settle } from "workers-ws";
import { describeError, NEW, OLD, pair, rs, thrownBy, useRuntime } from "./support/trace.js";

// workerd-observed.md §3 "19-accept-twice" and "20-half-open"; recorded from workerd with the
// probe scenario accept.js.

const BAD_OPTIONS =
  "TypeError: Failed to execute 'accept' on 'WebSocket': parameter 1 is not of type 'AcceptOptions'.";

describe.each([
  { date: OLD, autoReply: false, afterReceivedClose: "no error" },
  {
    date: NEW,
    autoReply: true,
    // the auto-reply released the native socket; workerd's message is about responses regardless
    afterReceivedClose: "TypeError: Can't accept() WebSocket that was already used in a response.",
  },
])("accept() at $date", ({ date, autoReply, afterReceivedClose }) => {
  useRuntime({ compatibilityDate: date });

  /** The server's readyState inside its close listener after accept(options): 2 half-open, 3 auto-reply. */
  async function handlerReadyState(options: unknown): Promise<string> {
    const [c, s] = pair();
    const error = thrownBy(() => s.accept(options as { allowHalfOpen?: boolean }));
    if (error !== "no error") return describeError(error);
    c.accept();
    let seen = "no close event";
    s.addEventListener("close", () => {
      seen = `rs ${s.readyState} in handler`;
    });
    c.close(1000);
    await settle();
    return seen;
  }

  const byDate = autoReply ? "rs 3 in handler" : "rs 2 in handler";

  it.each([
    ["undefined", undefined, byDate],
    ["null", null, byDate],
    ["{}", {}, byDate],
    ["[]", [], byDate],
    ["a function", () => {}, byDate],
    ["{ allowHalfOpen: 'yes' } (ToBoolean: half-open)", { allowHalfOpen: "yes" }, "rs 2 in handler"],
    ["{ allowHalfOpen: true }", { allowHalfOpen: true }, "rs 2 in handler"],
    ["{ allowHalfOpen: 0 } (ToBoolean: auto-reply)", { allowHalfOpen: 0 }, "rs 3 in handler"],
    ["{ allowHalfOpen: false }", { allowHalfOpen: false }, "rs 3 in handler"],
    ["42", 42, BAD_OPTIONS],
    ["'str'", "str", BAD_OPTIONS],
    ["true", true, BAD_OPTIONS],
    ["a Symbol", Symbol("x"), BAD_OPTIONS],
  ])("accept(%s)", async (_label, options, expected) => {
    expect(await handlerReadyState(options)).toBe(expected);
  });

  it("leaves the socket unaccepted when accept() throws, and when reading the options throws", () => {
    const [, s] = pair();
    expect(describeError(thrownBy(() => s.accept(42 as unknown as undefined)))).toBe(BAD_OPTIONS);
    const options = {
      get allowHalfOpen(): boolean {
        throw new Error("getter");
      },
    };
    expect(describeError(thrownBy(() => s.accept(options)))).toBe("Error: getter");
    expect(s.readyState).toBe(1);
    expect(describeError(thrownBy(() => s.send("x")))).toMatch(/^TypeError: You must call one of accept\(\)/);
  });

  it("makes a second and third accept() no-ops whose options are ignored", async () => {
    const [c, s] = pair(true);
    expect(thrownBy(() => s.accept({ allowHalfOpen: !autoReply }))).toBe("no error");
    expect(thrownBy(() => s.accept())).toBe("no error");
    let seen = "";
    s.addEventListener("close", () => {
      seen = `rs ${s.readyState}`;
    });
    c.close(1000, "x");
    await settle();
    expect(seen).toBe(autoReply ? "rs 3" : "rs 2");
  });

  it(`is a no-op after the own close(); after receiving a close it ${autoReply ? "throws" : "is a no-op"}`, async () => {
    const [c, s] = pair(true);
    c.close(1000);
    expect(thrownBy(() => c.accept())).toBe("no error");
    await settle();
    const error = thrownBy(() => s.accept());
    expect(error === "no error" ? error : describeError(error)).toBe(afterReceivedClose);
    expect(rs(c, s)).toBe(autoReply ? "3/3" : "2/2");
  });

  it("has a length of 0", () => {
    expect(pair()[0].accept.length).toBe(0);
  });
});
