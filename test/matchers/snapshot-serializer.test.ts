import { expect, it } from "vitest";
import { settle } from "vitest-environment-workers-ws";
import { acceptedPair, echoConversation } from "./support.js";

it("prints a socket as its readyState and transcript", async () => {
  const [client, server] = await echoConversation();
  client.send(new Uint8Array([0xde, 0xad, 0xbe, 0xef]));
  expect(() => client.close(1004)).toThrow();
  client.close(1000, "done");
  await settle();
  // workerd: the initiator gets the echo, then the echoed Close, and no error; the answering server
  // gets the post-handshake error (conformance 27-close-races/echoAnswersMessageBeforeClose).
  expect(client).toMatchInlineSnapshot(`
    WebSocket CLOSED [
      accept()
      sent "hello"
      received "echo: hello"
      sent <binary 4 bytes: de ad be ef>
      close(1004) threw DOMException InvalidAccessError: Invalid WebSocket close code: 1004.
      close(1000, "done")
      readyState OPEN → CLOSING (close() called)
      received "echo: [object Blob]"
      close event: code 1000, reason "done", clean
      readyState CLOSING → CLOSED (close frame received)
    ]
  `);
  expect(server).toMatchInlineSnapshot(`
    WebSocket CLOSED [
      accept()
      received "hello"
      sent "echo: hello"
      received <binary 4 bytes: de ad be ef>
      sent "echo: [object Blob]"
      close event: code 1000, reason "done", clean
      readyState OPEN → CLOSED (close frame received)
      error event: Error: Network connection lost.
    ]
  `);
});

it("prints a fresh socket, and sockets inside other values", () => {
  const [client, server] = new WebSocketPair();
  expect(client).toMatchInlineSnapshot(`WebSocket OPEN []`);
  server.accept({ allowHalfOpen: true });
  expect({ server, state: "waiting" }).toMatchInlineSnapshot(`
    {
      "server": WebSocket OPEN [
        accept({ allowHalfOpen: true })
      ],
      "state": "waiting",
    }
  `);
});

it("keeps long messages short", async () => {
  const [client] = acceptedPair();
  client.send("x".repeat(200));
  client.send(new Uint8Array(40).fill(7));
  expect(client).toMatchInlineSnapshot(`
    WebSocket OPEN [
      accept()
      sent "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"… (200 characters)
      sent <binary 40 bytes: 07 07 07 07 07 07 07 07 07 07 07 07 07 07 07 07 …>
    ]
  `);
});
