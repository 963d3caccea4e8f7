// @vitest-environment-options {"compatibilityDate":"2026-11-01","compatibilityFlags":["web_socket_manual_reply_to_close"]}
import { afterEach, describe, expect, it } from "vitest";
import { type ServedWorker, serve } from "vitest-environment-workers-ws";
import { wsClient } from "./clients.js";

// With manual close replies, a served Worker's end is half-open after the client's Close: it may
// still send, and its own close() answers with its own code and reason (as workerd does over a real
// connection; ws's automatic answer is not sent).

let server: ServedWorker | undefined;
afterEach(async () => {
  await server?.close();
});

describe("manual close replies over a real connection", () => {
  it("lets the Worker send after the client's Close, then answer with its own code", async () => {
    const states: number[] = [];
    server = await serve({
      fetch() {
        const [client, end] = new WebSocketPair();
        end.accept();
        end.addEventListener("close", () => {
          states.push(end.readyState);
          end.send("late");
          end.close(4009, "manual-reply");
        });
        return new Response(null, { status: 101, webSocket: client } as ResponseInit);
      },
    });
    const client = wsClient(server.url);
    await client.opened;
    client.close(4000, "client bye");
    expect(await client.closed).toEqual({ code: 4009, reason: "manual-reply" });
    expect(client.received).toEqual(["late"]);
    expect(states).toEqual([WebSocket.CLOSING]);
  });
});
