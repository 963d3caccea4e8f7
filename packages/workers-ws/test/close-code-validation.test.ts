import { describe, expect, it } from "vitest";
import { type CloseEvent, settle } from "workers-ws";
import { describeError, NEW, OLD, pair, thrownBy, useRuntime } from "./support/trace.js";

// workerd-observed.md §3 "09-close-no-args" and "10-close-codes"; recorded from workerd with the
// probe scenario close-code.js (identical at both dates).

/** Calls client.close(...args) and reports what happened: the throw, or what the peer received. */
async function closeWith(...args: unknown[]): Promise<string> {
  const [c, s] = pair(true);
  let got = "nothing";
  s.addEventListener("close", (ev: CloseEvent) => {
    got = `${ev.code} ${JSON.stringify(ev.reason)}`;
  });
  const error = thrownBy(() => (c.close as (...a: unknown[]) => void)(...args));
  const after = c.readyState;
  await settle();
  return error === "no error"
    ? `rs ${after}, peer got ${got}`
    : `${describeError(error)} (rs ${after}, peer got ${got})`;
}

const invalid = (code: number | string) =>
  `DOMException InvalidAccessError(15): Invalid WebSocket close code: ${code}. (rs 1, peer got nothing)`;
const outOfRange =
  "TypeError: Value out of range. Must be between -2147483648 and 2147483647 (inclusive). (rs 1, peer got nothing)";

describe.each([{ date: OLD }, { date: NEW }])("close() codes at $date", ({ date }) => {
  useRuntime({ compatibilityDate: date });

  it.each([1000, 1001, 1002, 1003, 1007, 1011, 1012, 1014, 1016, 2999, 3000, 4999])(
    "accepts %i and delivers it as is (not the WHATWG 1000-or-3000-4999 rule)",
    async (code) => {
      expect(await closeWith(code, "r")).toBe(`rs 2, peer got ${code} "r"`);
    },
  );

  it.each([999, 1004, 1005, 1006, 1015, 5000, 65535, 66536, -1, 0])(
    "rejects %i with InvalidAccessError and leaves the socket open",
    async (code) => {
      expect(await closeWith(code, "r")).toBe(invalid(code));
    },
  );

  it.each([
    ["1000.5", 1000.5, 'rs 2, peer got 1000 "r"'],
    ["3000.9", 3000.9, 'rs 2, peer got 3000 "r"'],
    ['"1000"', "1000", 'rs 2, peer got 1000 "r"'],
    ["[1000]", [1000], 'rs 2, peer got 1000 "r"'],
    ["an object whose valueOf is 4000", { valueOf: () => 4000 }, 'rs 2, peer got 4000 "r"'],
    ["NaN", Number.NaN, invalid(0)],
    ["Infinity", Number.POSITIVE_INFINITY, invalid(0)],
    ['"3000abc"', "3000abc", invalid(0)],
    ["[]", [], invalid(0)],
    ["true", true, invalid(1)],
    ["null", null, invalid(0)],
    ["2**31", 2 ** 31, outOfRange],
    ["-(2**31)-1", -(2 ** 31) - 1, outOfRange],
    ["2**32+1000", 2 ** 32 + 1000, outOfRange],
  ])("converts %s like a C++ int (ToNumber, truncation, int32 range)", async (_label, code, expected) => {
    expect(await closeWith(code, "r")).toBe(expected);
  });

  it.each([
    ["close()", [], 'rs 2, peer got 1005 ""'],
    ["close(undefined, undefined)", [undefined, undefined], 'rs 2, peer got 1005 ""'],
    ["close(1000)", [1000], 'rs 2, peer got 1000 ""'],
    ["close(1000, '')", [1000, ""], 'rs 2, peer got 1000 ""'],
    ["close(1000, undefined)", [1000, undefined], 'rs 2, peer got 1000 ""'],
    ["close(null)", [null], invalid(0)],
    [
      "close(undefined, 'why')",
      [undefined, "why"],
      "DOMException InvalidAccessError(15): If you specify a WebSocket close reason, you must also specify a code. (rs 1, peer got nothing)",
    ],
  ])("%s", async (_label, args, expected) => {
    expect(await closeWith(...args)).toBe(expected);
  });

  it("validates the code before any state check: unaccepted, and already closed", async () => {
    const [c, s] = pair();
    expect(describeError(thrownBy(() => c.close(1004)))).toBe(
      "DOMException InvalidAccessError(15): Invalid WebSocket close code: 1004.",
    );
    expect(describeError(thrownBy(() => c.close(1000)))).toMatch(
      /^TypeError: You must call one of accept\(\)/,
    );
    expect(describeError(thrownBy(() => s.close(2 ** 40)))).toBe(
      "TypeError: Value out of range. Must be between -2147483648 and 2147483647 (inclusive).",
    );
    c.accept();
    s.accept();
    c.close(1000);
    await settle();
    expect(describeError(thrownBy(() => c.close(1004)))).toBe(
      "DOMException InvalidAccessError(15): Invalid WebSocket close code: 1004.",
    );
    expect(describeError(thrownBy(() => c.close(999)))).toBe(
      "DOMException InvalidAccessError(15): Invalid WebSocket close code: 999.",
    );
    expect(describeError(thrownBy(() => c.close(undefined, "x")))).toBe(
      "DOMException InvalidAccessError(15): If you specify a WebSocket close reason, you must also specify a code.",
    );
    expect(thrownBy(() => c.close(1000, "again"))).toBe("no error");
  });

  it("leaves a socket usable after a rejected close()", async () => {
    const [c, s] = pair(true);
    const got: string[] = [];
    s.addEventListener("message", (ev) => got.push(`message ${ev.data}`));
    s.addEventListener("close", (ev) => got.push(`close ${ev.code} ${ev.reason}`));
    expect(describeError(thrownBy(() => c.close(1005)))).toBe(
      "DOMException InvalidAccessError(15): Invalid WebSocket close code: 1005.",
    );
    c.send("still works");
    c.close(4321, "ok");
    await settle();
    expect(got).toEqual(["message still works", "close 4321 ok"]);
  });
});

describe("pedantic_wpt", () => {
  useRuntime({ compatibilityDate: NEW, compatibilityFlags: ["pedantic_wpt"] });

  it("accepts only 1000 and 3000-4999", async () => {
    expect(await closeWith(1000)).toBe('rs 2, peer got 1000 ""');
    expect(await closeWith(3000)).toBe('rs 2, peer got 3000 ""');
    expect(await closeWith(1001)).toBe(invalid(1001));
    expect(await closeWith(2999)).toBe(invalid(2999));
  });
});
