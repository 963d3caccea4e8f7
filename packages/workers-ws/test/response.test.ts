import { describe, expect, it } from "vitest";
import { Response } from "workers-ws";
import { describeError, NEW, OLD, pair, thrownBy, useRuntime } from "./support/trace.js";

// workerd-observed.md §3 "15-response-status" and "16-response-websocket-property"; recorded from
// workerd with the probe scenario response.js (identical at both dates, except the tag).

const STATUS_RANGE =
  "RangeError: Responses may only be constructed with status codes in the range 200 to 599, inclusive.";
const NEEDS_101 = "RangeError: Responses with a WebSocket must have status code 101.";
const WRONG_TYPE =
  "TypeError: Incorrect type for the 'webSocket' field on 'InitializerDict': the provided value is not of type 'WebSocket'.";
const NULL_BODY = "TypeError: Response with null body status (101, 204, 205, or 304) cannot have a body.";

const attempt = (fn: () => Response) => {
  const result = (() => {
    try {
      return fn();
    } catch (error) {
      return error;
    }
  })();
  return result instanceof Response ? `status ${result.status}` : describeError(result);
};

describe.each([
  { date: OLD, tag: "[object Object]" },
  { date: NEW, tag: "[object Response]" },
])("Response with a WebSocket at $date", ({ date, tag }) => {
  useRuntime({ compatibilityDate: date });

  it("refuses status 101 without a WebSocket, and any status outside 200-599", () => {
    expect(
      [
        () => new Response(null, { status: 101 }),
        () => new Response(null, { status: 101, webSocket: null }),
        () => new Response(null, { status: 101, webSocket: undefined }),
        ...[100, 199, 600, 0, 1000].map((status) => () => new Response(null, { status })),
      ].map(attempt),
    ).toEqual(Array(8).fill(STATUS_RANGE));
  });

  it("requires status 101 with a WebSocket, a null or empty body, and a real WebSocket", () => {
    const [c, s] = pair();
    expect(
      [
        () => new Response(null, { status: 200, webSocket: c }),
        () => new Response(null, { status: 426, webSocket: c }),
        () => new Response(null, { webSocket: c }),
        () => new Response("body", { status: 101, webSocket: c }),
        () => new Response("", { status: 101, webSocket: c }),
        () => new Response(new ArrayBuffer(0), { status: 101, webSocket: s }),
        () => new Response(null, { status: 101, webSocket: {} as never }),
        () => new Response(null, { status: 101, webSocket: "x" as never }),
        () => new Response(null, { status: 200, webSocket: {} as never }),
        () => new Response(null, { status: "101" as unknown as number, webSocket: s }),
        () => new Response(null, { status: 101.5, webSocket: s }),
        () => new Response("x", { status: 204 }),
      ].map(attempt),
    ).toEqual([
      NEEDS_101,
      NEEDS_101,
      NEEDS_101,
      NULL_BODY,
      "status 101",
      "status 101",
      WRONG_TYPE,
      WRONG_TYPE,
      WRONG_TYPE,
      "status 101",
      "status 101",
      NULL_BODY,
    ]);
  });

  it("exposes a read-only webSocket with stable identity and workerd's fields", async () => {
    const [c] = pair();
    const r = new Response(null, { status: 101, webSocket: c });
    const first = r.webSocket;
    expect({
      status: r.status,
      statusText: r.statusText,
      ok: r.ok,
      body: r.body,
      bodyUsed: r.bodyUsed,
      type: r.type,
      url: r.url,
      redirected: r.redirected,
      headers: [...r.headers],
      webSocket: first === c && r.webSocket === first,
      has: "webSocket" in r,
    }).toEqual({
      status: 101,
      statusText: "",
      ok: false,
      body: null,
      bodyUsed: false,
      type: "default",
      url: "",
      redirected: false,
      headers: [],
      webSocket: true,
      has: true,
    });
    expect(await r.text()).toBe("");
    expect(describeError(thrownBy(() => ((r as unknown as { webSocket: unknown }).webSocket = null)))).toBe(
      "TypeError: Cannot assign to read only property 'webSocket' of object '#<Response>'",
    );
    expect(Object.prototype.toString.call(r)).toBe(tag);
  });

  it("keeps statusText and headers, and has webSocket null on plain responses", () => {
    const [, s] = pair();
    const r = new Response(null, {
      status: 101,
      webSocket: s,
      statusText: "Switching",
      headers: { "x-a": "1" },
    });
    expect([r.statusText, [...r.headers]]).toEqual(["Switching", [["x-a", "1"]]]);
    expect(new Response("x").webSocket).toBeNull();
    expect(Response.json({}).webSocket).toBeNull();
  });

  it("refuses clone() and copies status and webSocket into new Response(body, response)", () => {
    const [c] = pair();
    const r = new Response(null, { status: 101, webSocket: c });
    expect(describeError(thrownBy(() => r.clone()))).toBe(
      "TypeError: Cannot clone a response to a WebSocket handshake.",
    );
    const copy = new Response(null, r);
    expect([copy.status, copy.webSocket === c]).toEqual([101, true]);
    const copyWithBody = new Response(r.body, r);
    expect([copyWithBody.status, copyWithBody.webSocket === c]).toEqual([101, true]);
  });

  it("never checks the socket's state: accepted, server end, or the same end twice", () => {
    const [c, s] = pair();
    const [accepted] = pair();
    accepted.accept();
    expect(
      [
        () => new Response(null, { status: 101, webSocket: accepted }),
        () => new Response(null, { status: 101, webSocket: s }),
        () => new Response(null, { status: 101, webSocket: c }),
        () => new Response(null, { status: 101, webSocket: c }),
      ].map(attempt),
    ).toEqual(["status 101", "status 101", "status 101", "status 101"]);
    // put in two Responses but never returned: it can still be accepted
    expect(thrownBy(() => c.accept())).toBe("no error");
    expect([c.readyState, s.readyState]).toEqual([1, 1]);
  });
});
