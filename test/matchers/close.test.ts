import { describe, expect, it, vi } from "vitest";
import { CloseEvent, Response, returnToCaller, settle, type WebSocket } from "vitest-environment-workers-ws";
import { acceptedPair } from "./support.js";

describe("toHaveCloseCode", () => {
  it("passes on a socket (its close event) and on a CloseEvent", async () => {
    const [client, server] = acceptedPair();
    const events: CloseEvent[] = [];
    server.addEventListener("close", (event) => events.push(event));
    client.close(4000, "custom");
    await settle();
    expect(server).toHaveCloseCode(4000);
    expect(client).toHaveCloseCode(4000);
    expect(events[0]).toHaveCloseCode(4000);
    expect(new CloseEvent("close", { code: 1001 })).toHaveCloseCode(1001);
    expect(server).not.toHaveCloseCode(1000);
  });

  it("fails with the close there was, or none yet", async () => {
    const [client, server] = acceptedPair();
    expect(() => expect(server).toHaveCloseCode(1000)).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).toHaveCloseCode(expected)

      Expected close code: 1000
      Received: no close event yet, readyState OPEN

      Transcript (1 entry):
        1. accept()]
    `);
    client.close(1001, "going away");
    await settle();
    expect(() => expect(server).toHaveCloseCode(1000)).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).toHaveCloseCode(expected)

      Expected close code: 1000
      Received close code: 1001 (reason "going away", clean)

      Transcript (4 entries):
        1. accept()
        2. close event: code 1001, reason "going away", clean
        3. readyState OPEN → CLOSED (close frame received)
        4. error event: Error: Network connection lost.]
    `);
    expect(() =>
      expect(new CloseEvent("close", { code: 1006 })).toHaveCloseCode(1000),
    ).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(event).toHaveCloseCode(expected)

      Expected close code: 1000
      Received close code: 1006 (reason "", not clean)]
    `);
  });

  it("reads well under .not", async () => {
    const [client, server] = acceptedPair();
    client.close(1000);
    await settle();
    expect(() => expect(server).not.toHaveCloseCode(1000)).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).not.toHaveCloseCode(expected)

      Expected close code: not 1000
      Received close code: 1000 (reason "", clean)

      Transcript (4 entries):
        1. accept()
        2. close event: code 1000, reason "", clean
        3. readyState OPEN → CLOSED (close frame received)
        4. error event: Error: Network connection lost.]
    `);
  });

  it("refuses what has no close code", () => {
    expect(() => expect("1000").toHaveCloseCode(1000)).toThrowErrorMatchingInlineSnapshot(`
      [TypeError: expect(socket).toHaveCloseCode(expected)

      The received value must be a WebSocket from workers-ws or a CloseEvent; got string "1000".]
    `);
  });
});

describe("toHaveBeenClosedWith", () => {
  it("passes when every field given matches (asymmetric matchers allowed)", async () => {
    const [client, server] = acceptedPair();
    client.close(1000, "done: all good");
    await settle();
    expect(server).toHaveBeenClosedWith({ code: 1000, reason: "done: all good", wasClean: true });
    expect(server).toHaveBeenClosedWith({ reason: expect.stringContaining("done") });
    expect(server).toHaveBeenClosedWith({});
    expect(server).not.toHaveBeenClosedWith({ wasClean: false });
  });

  it("sees the unclean close of a connection that was lost", async () => {
    const [, server] = acceptedPair();
    // Returning an accepted end: the caller's end loses its connection at once (workerd logs why).
    const response = returnToCaller(
      new Response(null, { status: 101, webSocket: server }),
      { headers: new Headers({ Upgrade: "websocket" }) },
      () => {},
    );
    const callerEnd = response.webSocket as WebSocket;
    callerEnd.addEventListener("error", () => {});
    callerEnd.accept();
    await expect(callerEnd).toClose({ code: 1006, wasClean: false });
    expect(callerEnd).toHaveBeenClosedWith({
      code: 1006,
      reason: "WebSocket disconnected without sending Close frame.",
      wasClean: false,
    });
  });

  it("fails with the expected and the received fields", async () => {
    const [client, server] = acceptedPair();
    client.close(1001, "going away");
    await settle();
    expect(() =>
      expect(server).toHaveBeenClosedWith({ code: 1000, reason: expect.stringContaining("done") }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).toHaveBeenClosedWith(expected)

      Expected close: code 1000, reason StringContaining "done"
      Received close: code 1001, reason "going away", clean

      Transcript (4 entries):
        1. accept()
        2. close event: code 1001, reason "going away", clean
        3. readyState OPEN → CLOSED (close frame received)
        4. error event: Error: Network connection lost.]
    `);
    expect(() => expect(server).not.toHaveBeenClosedWith({ code: 1001 })).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).not.toHaveBeenClosedWith(expected)

      Expected close: not code 1001
      Received close: code 1001, reason "going away", clean

      Transcript (4 entries):
        1. accept()
        2. close event: code 1001, reason "going away", clean
        3. readyState OPEN → CLOSED (close frame received)
        4. error event: Error: Network connection lost.]
    `);
  });

  it("refuses unknown fields", async () => {
    const [client, server] = acceptedPair();
    client.close(1000);
    await settle();
    expect(() =>
      expect(server).toHaveBeenClosedWith({ status: 1000 } as never),
    ).toThrowErrorMatchingInlineSnapshot(`
      [TypeError: expect(socket).toHaveBeenClosedWith(expected)

      Unknown field "status" in the expected close; use code, reason, wasClean.]
    `);
  });
});

describe("toClose", () => {
  it("waits for the close event, then checks the fields given", async () => {
    const [client, server] = acceptedPair();
    client.close(1000, "done");
    await expect(server).toClose();
    await expect(server).toClose({ code: 1000, reason: "done", wasClean: true });
    await expect(client).toClose({ code: 1000 });
  });

  it("works under fake timers", async () => {
    vi.useFakeTimers();
    try {
      const [client, server] = acceptedPair();
      client.close(3001, "bye");
      await expect(server).toClose({ code: 3001 });
      const [open] = acceptedPair();
      await expect(open).not.toClose(undefined, { timeout: 5 });
    } finally {
      vi.useRealTimers();
    }
  });

  it("fails after the timeout, or when the close differs", async () => {
    const [client, server] = acceptedPair();
    await expect(
      expect(server).toClose({ code: 1000 }, { timeout: 5 }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).toClose(expected)

      Expected close: code 1000
      Received close: no close event yet, readyState OPEN
      Waited 5 ms (real time); the socket is OPEN.

      Transcript (1 entry):
        1. accept()]
    `);
    client.close(1011, "oops");
    await expect(expect(server).toClose({ code: 1000 })).rejects.toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).toClose(expected)

      Expected close: code 1000
      Received close: code 1011, reason "oops", clean

      Transcript (4 entries):
        1. accept()
        2. close event: code 1011, reason "oops", clean
        3. readyState OPEN → CLOSED (close frame received)
        4. error event: Error: Network connection lost.]
    `);
  });

  it("fails under .not when the socket closes", async () => {
    const [client, server] = acceptedPair();
    client.close(1000);
    await expect(expect(server).not.toClose()).rejects.toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).not.toClose()

      Expected close: not a close event
      Received close: code 1000, reason "", clean

      Transcript (4 entries):
        1. accept()
        2. close event: code 1000, reason "", clean
        3. readyState OPEN → CLOSED (close frame received)
        4. error event: Error: Network connection lost.]
    `);
  });
});
