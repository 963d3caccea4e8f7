import { describe, expect, it } from "vitest";
import { serve, settle, type WebSocket } from "workers-ws";
import { WebSocket as NodeWebSocket } from "ws";
import { NEW, OLD, useRuntime } from "../../support/trace.js";
import { acceptingFetch, TestHost, type TestState } from "./support/test-host.js";

// workerd-durable-objects-observed.md "Handlers": over a real connection a message over 32 MiB
// calls webSocketError (workerd legacy-hibernation-manager.c++ handleSocketTermination: an error
// that is not a disconnection), readyState 2, and the client gets 1009.

function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (check()) resolve();
      else if (Date.now() - start > ms) reject(new Error("timed out"));
      else setTimeout(poll, 5);
    };
    poll();
  });
}

describe.each([OLD, NEW])("hibernatable sockets over a real connection at %s", (date) => {
  useRuntime({ compatibilityDate: date, network: "loopback" });

  it("echo through webSocketMessage, and webSocketError for a message over 32 MiB", async () => {
    const events: string[] = [];
    const Room = class {
      constructor(readonly state: TestState) {}
      fetch(request: Request) {
        return acceptingFetch(this.state, request);
      }
      webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
        events.push(`message ${typeof message === "string" ? message : message.byteLength}`);
        ws.send(`echo ${typeof message === "string" ? message : "binary"}`);
      }
      webSocketError(ws: WebSocket, error: unknown) {
        events.push(`error ${(error as Error).message} rs=${ws.readyState}`);
      }
      webSocketClose(_ws: WebSocket, code: number) {
        events.push(`close ${code}`);
      }
    };
    const host = new TestHost(Room);
    const served = await serve({ fetch: () => host.fetch() });
    try {
      const client = new NodeWebSocket(served.url.replace("http", "ws"));
      const got: string[] = [];
      let closed: [number, string] | undefined;
      client.on("message", (data) => got.push(String(data)));
      client.on("close", (code, reason) => {
        closed = [code, reason.toString()];
      });
      await new Promise((resolve, reject) => {
        client.once("open", resolve);
        client.once("error", reject);
      });
      client.send("hi");
      await waitFor(() => got.length === 1);
      expect(got).toEqual(["echo hi"]);
      client.send(Buffer.alloc(32 * 1024 * 1024 + 1));
      await waitFor(() => closed !== undefined && events.length === 2);
      await settle();
      expect(events[0]).toBe("message hi");
      expect(events[1]).toMatch(
        /^error WebSocket protocol error; protocolError\.statusCode = 1009; protocolError\.description = Message is too large.* rs=2$/,
      );
      expect(closed?.[0]).toBe(1009);
      expect(host.state.getWebSockets()).toEqual([]);
    } finally {
      await served.close();
    }
  }, 20_000);
});
