/**
 * Every matcher with Vitest's fake timers installed for the whole test: delivery goes on (the
 * runtime schedules on real microtasks, not on faked timers), the waiting matchers wait in real
 * time, and each failure still says what happened. Fake timers are never advanced here.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Response, settle, WebSocketErrorKinds, WebSocketPair } from "vitest-environment-workers-ws";
import { acceptedPair } from "./support.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** The message of the error `run` throws or rejects with (the failed expectation). */
async function failure(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("the expectation passed");
}

describe("under vi.useFakeTimers()", () => {
  it("readyState matchers pass and fail", async () => {
    expect(vi.isFakeTimers()).toBe(true);
    const [client, server] = acceptedPair();
    client.close(1000, "bye");
    await expect(server).toReachReadyState("CLOSED");
    expect(server).toHaveReadyState("CLOSED");
    expect(server).toHaveReadyStateHistory(["OPEN", "CLOSED"]);
    expect(server).toBeAccepted();
    expect(await failure(() => expect(server).toHaveReadyState("OPEN"))).toContain(
      "Expected readyState: 1 (OPEN)\nReceived readyState: 3 (CLOSED)",
    );
    const [unaccepted] = new WebSocketPair();
    expect(await failure(() => expect(unaccepted).toBeAccepted())).toContain("accept() was never called");
    expect(await failure(() => expect(unaccepted).toReachReadyState("CLOSED", { timeout: 20 }))).toContain(
      "Waited 20 ms (real time)",
    );
  });

  it("message matchers pass and fail", async () => {
    const [client, server] = acceptedPair();
    client.send("ping");
    client.send(new Uint8Array([1, 2]));
    await expect(server).toReceiveMessage("ping");
    await expect(server).toReceiveMessage(new Uint8Array([1, 2]));
    expect(server).toHaveReceivedMessages(["ping", new Uint8Array([1, 2])]);
    expect(server).toHaveReceivedMessage(expect.webSocketMessage(/^pi/));
    expect(client).toHaveSentMessages(["ping", new Uint8Array([1, 2]).buffer]);
    expect(client).toHaveSentMessage("ping");
    expect(await failure(() => expect(server).toHaveReceivedMessages(["pong"]))).toContain(
      'Expected messages received (1):\n  1. "pong"',
    );
    expect(await failure(() => expect(server).toReceiveMessage("pong", { timeout: 20 }))).toContain(
      "Waited 20 ms (real time)",
    );
  });

  it("close matchers and the asymmetric closeEvent pass and fail", async () => {
    const [client, server] = acceptedPair();
    const closes: unknown[] = [];
    server.addEventListener("close", (event) => closes.push(event));
    client.close(4000, "done");
    await expect(server).toClose({ code: 4000, reason: "done", wasClean: true });
    expect(server).toHaveCloseCode(4000);
    expect(server).toHaveBeenClosedWith({ code: 4000, reason: "done" });
    expect(closes).toEqual([expect.closeEvent({ code: 4000 })]);
    expect(await failure(() => expect(server).toHaveCloseCode(1000))).toContain(
      "Expected close code: 1000\nReceived close code: 4000",
    );
    const [open] = acceptedPair();
    expect(await failure(() => expect(open).toClose(undefined, { timeout: 20 }))).toContain(
      "Waited 20 ms (real time)",
    );
  });

  it("toThrowWebSocketError passes and fails", async () => {
    const [end] = new WebSocketPair();
    expect(() => end.send("x")).toThrowWebSocketError(WebSocketErrorKinds.NotAccepted);
    expect(() => new Response(null, { status: 101 })).toThrowWebSocketError("ResponseStatusNeedsWebSocket");
    expect(await failure(() => expect(() => end.accept()).toThrowWebSocketError("NotAccepted"))).toContain(
      "did not throw",
    );
  });

  it("settle() and delivery do not wait for faked timers", async () => {
    const [client, server] = acceptedPair();
    const seen: string[] = [];
    server.addEventListener("message", (event) => seen.push(String(event.data)));
    for (let i = 0; i < 5; i++) client.send(`m${i}`);
    await settle();
    expect(seen).toEqual(["m0", "m1", "m2", "m3", "m4"]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
