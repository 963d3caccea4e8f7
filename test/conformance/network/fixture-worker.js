// A Worker served over a real connection, by workerd and by workers-ws serve(), for the network
// comparison (network-conformance.test.ts). Plain JavaScript with Workers APIs only, so the same
// file runs in both. What its sockets see goes to a module-level log that GET /log hands out.

const log = [];

function describeData(data) {
  return typeof data === "string" ? `text ${data.length}` : `binary ${data.byteLength}`;
}

/** The Worker as a client: new WebSocket(target), and what that socket sees until it closes. */
async function outbound(target) {
  const entries = [];
  const ws = new WebSocket(target, ["chat"]);
  ws.binaryType = "arraybuffer";
  await new Promise((resolve) => {
    ws.addEventListener("open", () => {
      entries.push(`open protocol=${ws.protocol} extensions=${ws.extensions}`);
      ws.send("from worker");
      ws.send(new Uint8Array([9, 8, 7]));
    });
    ws.addEventListener("message", (event) => {
      const data = event.data;
      entries.push(
        `message ${typeof data === "string" ? data : `binary [${new Uint8Array(data).join(",")}]`}`,
      );
    });
    ws.addEventListener("close", (event) => {
      entries.push(`close ${event.code} ${event.reason} ${event.wasClean}`);
      // Manual replies: answer, so the server sees the same whether or not the request's end
      // would drop the socket (workerd does; workers-ws keeps it until the file ends).
      if (ws.readyState === 2) ws.close(4003, "worker-reply");
      resolve();
    });
    ws.addEventListener("error", (event) => entries.push(`error ${event.message}`));
  });
  return new Response(JSON.stringify(entries));
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/log") return new Response(JSON.stringify(log.splice(0)));
    if (url.pathname === "/plain") {
      const body = request.method === "POST" ? await request.text() : "";
      return new Response(`plain ${request.method} ${body}`, { headers: { "x-fixture": "plain" } });
    }
    if (url.pathname === "/refuse") {
      return new Response("upgrade refused", { status: 426, headers: { "x-fixture": "refused" } });
    }
    if (url.pathname === "/outbound") return outbound(url.searchParams.get("target"));
    if (url.pathname === "/throw") throw new Error("the fixture throws");
    if (request.headers.get("upgrade") !== "websocket")
      return new Response("expected an upgrade", { status: 400 });

    const mode = url.searchParams.get("mode") ?? "echo";
    const note = (entry) => log.push(`${mode}: ${entry}`);
    note(
      `request extensions=${request.headers.get("sec-websocket-extensions")} protocol=${request.headers.get("sec-websocket-protocol")}`,
    );
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.binaryType = "arraybuffer";
    // Sent before the Response is returned: queued until the coupling, then flushed in order.
    server.send("hello");
    server.send(new Uint8Array([0, 1, 2, 255]));
    server.addEventListener("message", (event) => {
      note(`message ${describeData(event.data)}`);
      if (typeof event.data !== "string") {
        server.send(new Uint8Array(event.data).reverse());
      } else if (event.data.startsWith("close ")) {
        const [, code, reason] = event.data.split(" ");
        server.close(Number(code), reason);
      } else {
        server.send(`echo ${event.data}`);
      }
    });
    server.addEventListener("close", (event) => {
      note(`close ${event.code} ${event.reason} ${event.wasClean} readyState=${server.readyState}`);
      if (server.readyState === 2) {
        // Manual replies (before 2026-04-07): half-open, the end may still send, then answers.
        server.send("late");
        server.close(4009, "manual-reply");
      }
    });
    server.addEventListener("error", (event) => note(`error ${event.message}`));
    const protocol = (request.headers.get("sec-websocket-protocol") ?? "").split(",")[0].trim();
    const headers = { "x-fixture": "upgraded" };
    if (protocol) headers["sec-websocket-protocol"] = protocol;
    return new Response(null, { status: 101, webSocket: client, headers });
  },
};
