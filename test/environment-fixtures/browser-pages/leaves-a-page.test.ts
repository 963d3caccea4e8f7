import { expect, it } from "vitest";
import { openPage, routeWorker } from "vitest-environment-workers-ws";

it("leaves a page with an open socket", async () => {
  routeWorker("chat.example", {
    fetch() {
      const [client, server] = new WebSocketPair();
      server.accept();
      server.addEventListener("close", (event) => {
        console.log(`the Worker saw close ${event.code}`);
        server.close(1000, "");
      });
      return new Response(null, { status: 101, webSocket: client } as ResponseInit);
    },
  });
  const page = await openPage({ url: "https://chat.example/", html: "" });
  const socket = new page.WebSocket("wss://chat.example/");
  await expect(socket).toReachReadyState("OPEN");
});
