import { describe, expect, it, vi } from "vitest";
import { settle } from "vitest-environment-workers-ws";
import { acceptedPair, echoConversation } from "./support.js";

describe("toHaveSentMessages / toHaveReceivedMessages", () => {
  it("pass with every message so far, in order", async () => {
    const [client, server] = await echoConversation();
    client.send("second");
    await settle();
    expect(client).toHaveSentMessages(["hello", "second"]);
    expect(client).toHaveReceivedMessages(["echo: hello", "echo: second"]);
    expect(server).toHaveReceivedMessages(["hello", "second"]);
    expect(server).toHaveSentMessages(["echo: hello", "echo: second"]);
    expect(client).not.toHaveSentMessages(["hello"]);
  });

  it("compare binary by bytes whatever the view type", async () => {
    const [client, server] = acceptedPair();
    client.send(new Uint8Array([1, 2, 3, 4]));
    client.send(new Uint8Array([9, 1, 2, 9]).subarray(1, 3));
    await settle();
    const bytes = new Uint8Array([1, 2, 3, 4]);
    expect(server).toHaveReceivedMessages([bytes.buffer, new Uint8Array([1, 2])]);
    expect(server).toHaveReceivedMessages([new DataView(bytes.buffer), Buffer.from([1, 2])]);
    expect(server).toHaveReceivedMessages([
      new Uint16Array(new Uint8Array([1, 2, 3, 4]).buffer),
      new Uint8Array([1, 2]),
    ]);
    expect(server).not.toHaveReceivedMessages([new Uint8Array([1, 2, 3, 5]), new Uint8Array([1, 2])]);
    // text and binary never match each other
    expect(server).not.toHaveReceivedMessages(["\u0001\u0002\u0003\u0004", "\u0001\u0002"]);
  });

  it("allow asymmetric matchers inside (they see text as a string, binary as an ArrayBuffer)", async () => {
    const [client, server] = acceptedPair();
    client.send(JSON.stringify({ type: "join", room: 7 }));
    client.send(new Uint8Array([1]));
    await settle();
    expect(server).toHaveReceivedMessages([expect.stringContaining('"join"'), expect.any(ArrayBuffer)]);
    expect(server).toHaveReceivedMessages([
      expect.webSocketMessage({ json: { type: "join", room: expect.any(Number) } }),
      expect.webSocketMessage({ type: "binary" }),
    ]);
  });

  it("fail with both lists, the first difference and the transcript", async () => {
    const [client] = await echoConversation();
    expect(() =>
      expect(client).toHaveReceivedMessages(["echo: hello", "more"]),
    ).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).toHaveReceivedMessages(messages)

      Expected messages received (2):
        1. "echo: hello"
        2. "more"
      Actual messages received (1):
        1. "echo: hello"
      First difference: message 2.

      Transcript (3 entries):
        1. accept()
        2. sent "hello"
        3. received "echo: hello"]
    `);
    expect(() =>
      expect(client).toHaveSentMessages([expect.stringMatching(/^bye/)]),
    ).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).toHaveSentMessages(messages)

      Expected messages sent (1):
        1. StringMatching /^bye/
      Actual messages sent (1):
        1. "hello"
      First difference: message 1.

      Transcript (3 entries):
        1. accept()
        2. sent "hello"
        3. received "echo: hello"]
    `);
  });

  it("read well under .not", async () => {
    const [client] = await echoConversation();
    expect(() => expect(client).not.toHaveSentMessages(["hello"])).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).not.toHaveSentMessages(messages)

      Expected messages sent (not these):
        1. "hello"
      Actual messages sent (1):
        1. "hello"

      Transcript (3 entries):
        1. accept()
        2. sent "hello"
        3. received "echo: hello"]
    `);
  });

  it("refuse expectations that are not messages", async () => {
    const [client] = await echoConversation();
    expect(() => expect(client).toHaveSentMessages([42 as never])).toThrowErrorMatchingInlineSnapshot(`
      [TypeError: expect(socket).toHaveSentMessages(messages)

      An expected message must be a string, an ArrayBuffer or view of one, or an asymmetric matcher; got 42. (send() turns other values into strings: compare with the string.)]
    `);
    expect(() =>
      expect(client).toHaveSentMessages([new Blob(["x"]) as never]),
    ).toThrowErrorMatchingInlineSnapshot(`
      [TypeError: expect(socket).toHaveSentMessages(messages)

      A Blob cannot be compared synchronously: pass its bytes instead (await blob.arrayBuffer()).]
    `);
    expect(() => expect(client).toHaveSentMessages("hello" as never)).toThrowErrorMatchingInlineSnapshot(`
      [TypeError: expect(socket).toHaveSentMessages(messages)

      The expected messages must be an array; got "hello".]
    `);
  });
});

describe("toHaveReceivedMessage / toHaveSentMessage", () => {
  it("pass when the message was there at least once", async () => {
    const [client, server] = await echoConversation();
    expect(client).toHaveReceivedMessage("echo: hello");
    expect(server).toHaveReceivedMessage(expect.stringMatching(/^hel/));
    expect(client).toHaveSentMessage("hello");
    expect(client).not.toHaveReceivedMessage("hello");
  });

  it("fail with the messages there were", async () => {
    const [client] = await echoConversation();
    expect(() => expect(client).toHaveReceivedMessage("nope")).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).toHaveReceivedMessage(message)

      Expected a message received like: "nope"
      Actual messages received (1):
        1. "echo: hello"

      Transcript (3 entries):
        1. accept()
        2. sent "hello"
        3. received "echo: hello"]
    `);
    expect(() => expect(client).not.toHaveSentMessage("hello")).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).not.toHaveSentMessage(message)

      Expected no message sent like: "hello"
      Actual messages sent (1), message 1 matches:
        1. "hello"

      Transcript (3 entries):
        1. accept()
        2. sent "hello"
        3. received "echo: hello"]
    `);
  });
});

describe("toReceiveMessage", () => {
  it("waits for a matching message (one received earlier counts too)", async () => {
    const [client, server] = acceptedPair();
    server.addEventListener("message", () => server.send("pong"));
    client.send("ping");
    await expect(client).toReceiveMessage("pong");
    await expect(client).toReceiveMessage(expect.stringContaining("po"));
    await expect(server).toReceiveMessage("ping");
  });

  it("works under fake timers", async () => {
    vi.useFakeTimers();
    try {
      const [client, server] = acceptedPair();
      server.send(new Uint8Array([7, 8]));
      await expect(client).toReceiveMessage(new Uint8Array([7, 8]));
      await expect(client).not.toReceiveMessage("never", { timeout: 5 });
    } finally {
      vi.useRealTimers();
    }
  });

  it("fails after the timeout, showing what arrived", async () => {
    const [client, server] = acceptedPair();
    server.send("something else");
    await expect(
      expect(client).toReceiveMessage("pong", { timeout: 5 }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).toReceiveMessage(message)

      Expected a message received like: "pong"
      Actual messages received (1):
        1. "something else"
      Waited 5 ms (real time); the socket is OPEN.

      Transcript (2 entries):
        1. accept()
        2. received "something else"]
    `);
  });

  it("fails at once when the socket is closed and nothing is in flight", async () => {
    const [client, server] = acceptedPair();
    server.close(1000, "bye");
    await settle();
    await expect(
      expect(client).toReceiveMessage("pong", { timeout: 60_000 }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).toReceiveMessage(message)

      Expected a message received like: "pong"
      Actual messages received (0):
        (none)
      The socket is CLOSED and nothing more is in flight, so it cannot happen any more.

      Transcript (4 entries):
        1. accept()
        2. close event: code 1000, reason "bye", clean
        3. readyState OPEN → CLOSED (close frame received)
        4. error event: Error: Network connection lost.]
    `);
    await expect(client).not.toReceiveMessage("pong", { timeout: 60_000 });
  });

  it("fails under .not when the message arrives", async () => {
    const [client, server] = acceptedPair();
    server.send("pong");
    await expect(expect(client).not.toReceiveMessage("pong")).rejects.toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).not.toReceiveMessage(message)

      Expected no message received like: "pong"
      Actual messages received (1):
        1. "pong"

      Transcript (2 entries):
        1. accept()
        2. received "pong"]
    `);
  });
});
