import { describe, expect, it, vi } from "vitest";
import { settle } from "vitest-environment-workers-ws";
import { acceptedPair, echoConversation } from "./support.js";

describe("toHaveReadyState", () => {
  it("passes with the state's number or name", () => {
    const [client] = acceptedPair();
    expect(client).toHaveReadyState(1);
    expect(client).toHaveReadyState("OPEN");
    expect(client).not.toHaveReadyState("CLOSED");
  });

  it("fails with expected and received states and the transcript", async () => {
    const [client] = await echoConversation();
    expect(() => expect(client).toHaveReadyState("CLOSED")).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).toHaveReadyState(expected)

      Expected readyState: 3 (CLOSED)
      Received readyState: 1 (OPEN)

      Transcript (3 entries):
        1. accept()
        2. sent "hello"
        3. received "echo: hello"]
    `);
  });

  it("reads well under .not", () => {
    const [client] = acceptedPair();
    expect(() => expect(client).not.toHaveReadyState(1)).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).not.toHaveReadyState(expected)

      Expected readyState: not 1 (OPEN)
      Received readyState: 1 (OPEN)

      Transcript (1 entry):
        1. accept()]
    `);
  });

  it("refuses a state that does not exist, and a value that is not a socket", () => {
    const [client] = acceptedPair();
    expect(() => expect(client).toHaveReadyState("open" as "OPEN")).toThrowErrorMatchingInlineSnapshot(`
      [TypeError: expect(socket).toHaveReadyState(expected)

      A readyState must be 0, 1, 2, 3 or one of "CONNECTING", "OPEN", "CLOSING", "CLOSED"; got "open".]
    `);
    expect(() => expect({ readyState: 1 }).toHaveReadyState(1)).toThrowErrorMatchingInlineSnapshot(`
      [TypeError: expect(socket).toHaveReadyState(expected)

      The received value must be a WebSocket from workers-ws (an end of a WebSocketPair or a new WebSocket()); got a plain object.]
    `);
  });
});

describe("toHaveReadyStateHistory", () => {
  it("passes with every state the socket had, in order", async () => {
    const [client, server] = acceptedPair();
    expect(client).toHaveReadyStateHistory(["OPEN"]);
    client.close(1000, "done");
    await settle();
    expect(client).toHaveReadyStateHistory(["OPEN", "CLOSING", "CLOSED"]);
    expect(server).toHaveReadyStateHistory([1, 3]);
    expect(server).not.toHaveReadyStateHistory(["OPEN", "CLOSING", "CLOSED"]);
  });

  it("fails showing both histories", async () => {
    const [client, server] = acceptedPair();
    client.close(1000, "done");
    await settle();
    expect(() =>
      expect(server).toHaveReadyStateHistory(["OPEN", "CLOSING", "CLOSED"]),
    ).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).toHaveReadyStateHistory(states)

      Expected history: OPEN → CLOSING → CLOSED
      Received history: OPEN → CLOSED

      Transcript (4 entries):
        1. accept()
        2. close event: code 1000, reason "done", clean
        3. readyState OPEN → CLOSED (close frame received)
        4. error event: Error: Network connection lost.]
    `);
    expect(() => expect(client).not.toHaveReadyStateHistory([1, 2, 3])).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).not.toHaveReadyStateHistory(states)

      Expected history: not OPEN → CLOSING → CLOSED
      Received history: OPEN → CLOSING → CLOSED

      Transcript (5 entries):
        1. accept()
        2. close(1000, "done")
        3. readyState OPEN → CLOSING (close() called)
        4. close event: code 1000, reason "done", clean
        5. readyState CLOSING → CLOSED (close frame received)]
    `);
  });
});

describe("toBeAccepted", () => {
  it("passes once accept() took effect, optionally with the allowHalfOpen in force", () => {
    const [client, server] = new WebSocketPair();
    expect(server).not.toBeAccepted();
    server.accept({ allowHalfOpen: true });
    client.accept();
    expect(server).toBeAccepted();
    expect(server).toBeAccepted({ allowHalfOpen: true });
    expect(client).toBeAccepted({ allowHalfOpen: false });
  });

  it("fails saying whether accept() was called", () => {
    const [client, server] = new WebSocketPair();
    expect(() => expect(client).toBeAccepted()).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).toBeAccepted()

      Expected: accepted
      Received: not accepted: accept() was never called

      Transcript: empty (the socket has not done anything yet).]
    `);
    server.accept();
    expect(() => expect(server).toBeAccepted({ allowHalfOpen: true })).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).toBeAccepted(options)

      Expected: accepted with allowHalfOpen true
      Received: accepted with allowHalfOpen false (entry 1)

      Transcript (1 entry):
        1. accept()]
    `);
    expect(() => expect(server).not.toBeAccepted()).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).not.toBeAccepted()

      Expected: not accepted
      Received: accepted with allowHalfOpen false (entry 1)

      Transcript (1 entry):
        1. accept()]
    `);
  });

  it("mentions an accept() that threw", () => {
    const [client] = new WebSocketPair();
    expect(() => client.accept("yes" as never)).toThrow(TypeError);
    expect(() => expect(client).toBeAccepted()).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).toBeAccepted()

      Expected: accepted
      Received: not accepted: accept() threw (entry 1)

      Transcript (1 entry):
        1. accept("yes") threw TypeError: Failed to execute 'accept' on 'WebSocket': parameter 1 is not of type 'AcceptOptions'.]
    `);
  });
});

describe("toReachReadyState", () => {
  it("waits until the socket reaches the state", async () => {
    const [client, server] = acceptedPair();
    client.close(1000);
    await expect(server).toReachReadyState("CLOSED");
    await expect(client).toReachReadyState(3);
  });

  it("works under fake timers (its timeout is real time)", async () => {
    vi.useFakeTimers();
    try {
      const [client, server] = acceptedPair();
      client.close(1000);
      await expect(server).toReachReadyState("CLOSED");
      await expect(client).not.toReachReadyState("CONNECTING", { timeout: 5 });
      const [other] = acceptedPair();
      await expect(other).not.toReachReadyState("CLOSED", { timeout: 5 });
    } finally {
      vi.useRealTimers();
    }
  });

  it("fails after the timeout, or at once when the socket is past the state", async () => {
    const [client] = acceptedPair();
    await expect(
      expect(client).toReachReadyState("CLOSED", { timeout: 5 }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).toReachReadyState(expected)

      Expected readyState: 3 (CLOSED)
      Received readyState: 1 (OPEN)
      Waited 5 ms (real time); the socket is OPEN.

      Transcript (1 entry):
        1. accept()]
    `);
    await expect(expect(client).toReachReadyState("CONNECTING")).rejects.toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).toReachReadyState(expected)

      Expected readyState: 0 (CONNECTING)
      Received readyState: 1 (OPEN)
      The socket was already past CONNECTING.

      Transcript (1 entry):
        1. accept()]
    `);
  });

  it("fails under .not when the socket gets there", async () => {
    const [client, server] = acceptedPair();
    client.close(1000);
    await expect(expect(server).not.toReachReadyState("CLOSED")).rejects.toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).not.toReachReadyState(expected)

      Expected readyState: not 3 (CLOSED)
      Received readyState: 3 (CLOSED)

      Transcript (4 entries):
        1. accept()
        2. close event: code 1000, reason "", clean
        3. readyState OPEN → CLOSED (close frame received)
        4. error event: Error: Network connection lost.]
    `);
  });

  it("refuses a bad timeout", async () => {
    const [client] = acceptedPair();
    await expect(
      expect(client).toReachReadyState("CLOSED", { timeout: -1 }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(`
      [TypeError: expect(socket).toReachReadyState(expected)

      The timeout must be a number of milliseconds, 0 or more (Infinity waits for ever); got -1.]
    `);
  });
});
