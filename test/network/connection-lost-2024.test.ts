// @vitest-environment-options {"compatibilityDate":"2024-01-01"}
import { afterEach, describe, expect, it } from "vitest";
import { type ServedWorker, serve, settle } from "vitest-environment-workers-ws";
import { clientClose, openRaw } from "./raw-connection.js";

// Manual close replies (2024-01-01): the Worker's end answers from its close listener. Recorded in
// workerd by test/conformance/network clientClosesFirst.

let served: ServedWorker | undefined;
afterEach(async () => {
  await served?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A Worker whose end greets, then answers a Close from its listener after sending `before`. */
async function serveAnswering(log: string[], before: string[]): Promise<ServedWorker> {
  return serve({
    fetch() {
      const [client, end] = new WebSocketPair();
      end.accept();
      end.send("hello");
      end.addEventListener("close", (event) => {
        log.push(`close ${event.code} ${event.reason} ${event.wasClean} rs=${end.readyState}`);
        for (const message of before) end.send(message);
        end.close(4009, "manual-reply");
      });
      end.addEventListener("error", (event) => log.push(`error ${event.message} rs=${end.readyState}`));
      return new Response(null, { status: 101, webSocket: client } as ResponseInit);
    },
  });
}

describe("a manual reply over a real connection", () => {
  it("to a client whose first frame was its Close: no error after the handshake", async () => {
    const log: string[] = [];
    served = await serveAnswering(log, []);
    const client = await openRaw(served.url);
    await client.frames(1);
    client.socket.write(clientClose(4000, "bye"));
    await client.frames(2);
    await sleep(200);
    await settle();
    expect(log).toEqual(["close 4000 bye true rs=2"]);
    client.socket.destroy();
  });

  it("into a connection the client dropped: the write that finds it reset fails (Network connection lost.)", async () => {
    const log: string[] = [];
    served = await serveAnswering(log, ["late"]);
    const client = await openRaw(served.url);
    await client.frames(1);
    client.socket.write(clientClose(4000, "bye"));
    client.socket.destroy();
    await sleep(200);
    await settle();
    expect(log).toEqual(["close 4000 bye true rs=2", "error Uncaught Error: Network connection lost. rs=3"]);
  });
});
