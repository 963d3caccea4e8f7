import { describe, expect, it } from "vitest";
import { type CloseEvent, settle } from "workers-ws";
import { describeError, NEW, OLD, pair, thrownBy, useRuntime } from "./support/trace.js";

// workerd-observed.md §3 "11-close-reason"; recorded from workerd with the probe scenario
// close-reason.js and close-code.js.

const TOO_LONG =
  "DOMException SyntaxError(12): WebSocket close reason must not be longer than 123 bytes when UTF-8 encoded.";

/** Closes with code 4000 and `reason`; reports the throw or what the peer received. */
async function closeWithReason(reason: unknown): Promise<string> {
  const [c, s] = pair(true);
  let got = "nothing";
  s.addEventListener("close", (ev: CloseEvent) => {
    got = ev.reason === reason ? `the same reason (${ev.reason.length} units)` : JSON.stringify(ev.reason);
  });
  const error = thrownBy(() => c.close(4000, reason as string));
  const after = c.readyState;
  await settle();
  return error === "no error"
    ? `rs ${after}, peer got ${got}`
    : `${describeError(error)} (rs ${after}, peer got ${got})`;
}

const cases = [
  { label: "123 ASCII bytes", reason: "a".repeat(123), fits: true },
  { label: "124 ASCII bytes", reason: "a".repeat(124), fits: false },
  { label: "41 × € (123 bytes)", reason: "€".repeat(41), fits: true },
  { label: "42 × € (126 bytes)", reason: "€".repeat(42), fits: false },
  { label: "30 × 😀 (120 bytes)", reason: "😀".repeat(30), fits: true },
  { label: "31 × 😀 (124 bytes)", reason: "😀".repeat(31), fits: false },
  { label: "1000 ASCII bytes", reason: "x".repeat(1000), fits: false },
];

describe.each([
  { date: OLD, limit: false },
  { date: NEW, limit: true },
])("close() reason at $date", ({ date, limit }) => {
  useRuntime({ compatibilityDate: date });

  it.each(cases)("$label", async ({ reason, fits }) => {
    const expected =
      fits || !limit
        ? `rs 2, peer got the same reason (${reason.length} units)`
        : `${TOO_LONG} (rs 1, peer got nothing)`;
    expect(await closeWithReason(reason)).toBe(expected);
  });

  it("converts the reason to a USVString: lone surrogates become U+FFFD (3 bytes each)", async () => {
    expect(await closeWithReason("a\ud800b")).toBe('rs 2, peer got "a�b"');
    // 41 lone surrogates become 41 × U+FFFD, exactly 123 bytes: within the limit
    expect(await closeWithReason("\ud800".repeat(41))).toBe(
      `rs 2, peer got ${JSON.stringify("\ufffd".repeat(41))}`,
    );
  });

  it("converts other values with String() and keeps NUL", async () => {
    expect(await closeWithReason(42)).toBe('rs 2, peer got "42"');
    expect(await closeWithReason(null)).toBe('rs 2, peer got "null"');
    expect(await closeWithReason({})).toBe('rs 2, peer got "[object Object]"');
    expect(await closeWithReason("a\0b")).toBe("rs 2, peer got the same reason (3 units)");
  });

  it(`${limit ? "checks" : "does not check"} the length even on a socket that is already closed`, async () => {
    const [c] = pair(true);
    c.close(1000);
    await settle();
    const error = thrownBy(() => c.close(1000, "x".repeat(200)));
    expect(limit ? describeError(error) : error).toBe(limit ? TOO_LONG : "no error");
  });
});

describe("websocket_close_reason_byte_limit alone", () => {
  useRuntime({ compatibilityDate: OLD, compatibilityFlags: ["websocket_close_reason_byte_limit"] });

  it("turns the 123-byte limit on in 2024", async () => {
    expect(await closeWithReason("a".repeat(124))).toBe(`${TOO_LONG} (rs 1, peer got nothing)`);
  });
});
