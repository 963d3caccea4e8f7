import { describe, expect, it } from "vitest";
import {
  isWebSocketError,
  Response,
  returnToCaller,
  settle,
  type WebSocket,
  WebSocketErrorKinds,
  webSocketErrorKind,
} from "workers-ws";
import { describeError, NEW, OLD, pair, thrownBy, useRuntime } from "./support/trace.js";

// strict: true turns misuse that workerd silently ignores into errors (README "strict"). Without
// it, the same calls must stay silent, as workerd-observed.md §3 "13", "14" and "17" record.

const upgrade = { headers: new Headers({ upgrade: "websocket" }) };

/** Returns the server end in a 101 Response to a caller; the Worker keeps holding `server`. */
function giveAway(server: WebSocket): WebSocket {
  const returned = returnToCaller(new Response(null, { status: 101, webSocket: server }), upgrade);
  return returned.webSocket as WebSocket;
}

const outcome = (fn: () => void): string => {
  const error = thrownBy(fn);
  return error === "no error" ? "ok" : `${webSocketErrorKind(error) ?? "?"}: ${describeError(error)}`;
};

describe.each([{ date: OLD }, { date: NEW }])("strict: false at $date (workerd's behaviour)", ({ date }) => {
  useRuntime({ compatibilityDate: date });

  it("ignores a second close() and close() after the handshake", async () => {
    const [c] = pair(true);
    c.close(1000);
    expect(outcome(() => c.close(1000))).toBe("ok");
    await settle();
    expect(outcome(() => c.close())).toBe("ok");
  });

  it("ignores send() and close() on an end given away in a Response; accept() throws; readyState stays 1", () => {
    const [, s] = pair();
    giveAway(s);
    expect(outcome(() => s.send("x"))).toBe("ok");
    expect(outcome(() => s.close(1000))).toBe("ok");
    expect(s.readyState).toBe(1);
    expect(outcome(() => s.accept())).toBe(
      "AcceptAfterResponse: TypeError: Can't accept() WebSocket that was already used in a response.",
    );
  });
});

describe.each([{ date: OLD }, { date: NEW }])("strict: true at $date", ({ date }) => {
  useRuntime({ compatibilityDate: date, strict: true });

  it("throws for close() on a closing or closed socket", async () => {
    const [c] = pair(true);
    c.close(1000);
    const expected =
      "StrictCloseAfterClose: TypeError: workers-ws strict: close() was called on a WebSocket that is already closing or closed; the runtime ignores this call.";
    expect(outcome(() => c.close(1000))).toBe(expected);
    await settle();
    expect(outcome(() => c.close())).toBe(expected);
  });

  it("still validates close() arguments first, and keeps workerd's own errors", () => {
    const [c] = pair(true);
    c.close(1000);
    expect(outcome(() => c.close(999))).toBe(
      "InvalidCloseCode: DOMException InvalidAccessError(15): Invalid WebSocket close code: 999.",
    );
    expect(outcome(() => c.send("x"))).toBe(
      "SendAfterClose: TypeError: Can't call WebSocket send() after close().",
    );
  });

  it("throws for send() and close() on an end given away in a Response", () => {
    const [, s] = pair();
    giveAway(s);
    expect(outcome(() => s.send("x"))).toBe(
      "StrictUseAfterResponse: TypeError: workers-ws strict: send() was called on a WebSocket that was given away in a Response; the runtime ignores this call.",
    );
    expect(outcome(() => s.close(1000))).toBe(
      "StrictUseAfterResponse: TypeError: workers-ws strict: close() was called on a WebSocket that was given away in a Response; the runtime ignores this call.",
    );
    expect(s.readyState).toBe(1);
  });

  it("leaves correct use alone: the handshake and the caller's end work as usual", async () => {
    const [c, s] = pair();
    const callerEnd = giveAway(s);
    c.accept();
    callerEnd.accept();
    const got: unknown[] = [];
    c.addEventListener("message", (ev) => got.push(ev.data));
    callerEnd.addEventListener("close", (ev) => got.push(`close ${ev.code}`));
    callerEnd.send("through the Response");
    c.close(4000);
    await settle();
    expect(got).toEqual(["through the Response", "close 4000"]);
    expect(
      isWebSocketError(
        thrownBy(() => c.close()),
        WebSocketErrorKinds.StrictCloseAfterClose,
      ),
    ).toBe(true);
  });
});
