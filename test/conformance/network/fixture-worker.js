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

/** A plain fetch() and a refused upgrading fetch() of `target`: what the Worker's Response holds. */
async function probeFetch(target) {
  const entries = [];
  for (const init of [{}, { headers: { Upgrade: "websocket" } }]) {
    const response = await fetch(target, init);
    entries.push(
      `${init.headers ? "upgrade" : "plain"} ${response.status} webSocket=${response.webSocket === null ? "null" : typeof response.webSocket} in=${"webSocket" in response} body=${await response.text()}`,
    );
  }
  return new Response(JSON.stringify(entries));
}

/**
 * The Worker's end of a connection it opened to `target` (via "ws": new WebSocket(target,
 * protocols); via "fetch": an upgrading fetch() with the Sec-WebSocket-Protocol `header`), and every
 * event it sees, with readyState, until a while after its close event. `action` is what the Worker
 * does after the first message: "none", "send" (a text), "close" (4005), "large" (sends 32 MiB +
 * 1 bytes) or "askLarge" (asks a served fixture to send that); "closeConnecting" closes (4006) at
 * once, before the connection is made or accepted. A socket left CLOSING by a received
 * Close (manual replies) answers with 4009. The report ends 300 ms after the close or an error.
 */
async function connectOut(params) {
  const entries = [];
  const target = params.get("target");
  const action = params.get("action") ?? "none";
  let ws;
  if (params.get("via") === "fetch") {
    const headers = { Upgrade: "websocket" };
    if (params.get("header")) headers["Sec-WebSocket-Protocol"] = params.get("header");
    const response = await fetch(target.replace(/^ws/, "http"), { headers });
    entries.push(`fetch ${response.status} protocol=${response.headers.get("sec-websocket-protocol")}`);
    ws = response.webSocket;
    if (!ws) return new Response(JSON.stringify(entries));
  } else {
    const protocols = params.get("protocols");
    ws = protocols ? new WebSocket(target, protocols.split(",")) : new WebSocket(target);
  }
  ws.binaryType = "arraybuffer";
  let first = true;
  await new Promise((resolve) => {
    const later = () => setTimeout(resolve, 300);
    ws.addEventListener("open", () => entries.push(`open rs=${ws.readyState} protocol=${ws.protocol}`));
    ws.addEventListener("message", (event) => {
      const data = event.data;
      entries.push(
        `message ${typeof data === "string" ? data : `binary ${data.byteLength}`} rs=${ws.readyState}`,
      );
      if (!first) return;
      first = false;
      if (action === "close") ws.close(4005, "worker-bye");
      if (action === "send") ws.send("ping");
      if (action === "askLarge") ws.send("send large");
      if (action === "large") {
        try {
          ws.send(new Uint8Array(32 * 1024 * 1024 + 1));
          entries.push(`sent large rs=${ws.readyState}`);
        } catch (error) {
          entries.push(`send threw ${error.message}`);
        }
      }
    });
    ws.addEventListener("close", (event) => {
      entries.push(`close ${event.code} ${event.reason} ${event.wasClean} rs=${ws.readyState}`);
      // Manual replies (before 2026-04-07): the Worker answers itself.
      if (ws.readyState === 2) ws.close(4009, "manual-reply");
      later();
    });
    ws.addEventListener("error", (event) => {
      entries.push(`error ${event.message} rs=${ws.readyState}`);
      later();
    });
    if (params.get("via") === "fetch") ws.accept();
    if (action === "closeConnecting") {
      ws.close(4006, "while-connecting");
      entries.push(`closed while connecting rs=${ws.readyState}`);
    }
    setTimeout(() => {
      entries.push("(no close within 4 s)");
      resolve();
    }, 4000);
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
    if (url.pathname === "/probeFetch") return probeFetch(url.searchParams.get("target"));
    if (url.pathname === "/connectOut") return connectOut(url.searchParams);
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
    if (mode === "closeBeforeReturn") {
      // The first frame the coupling takes from this end is its Close.
      server.close(4001, "before-return");
    } else {
      // Sent before the Response is returned: queued until the coupling, then flushed in order.
      server.send("hello");
      server.send(new Uint8Array([0, 1, 2, 255]));
    }
    server.addEventListener("message", (event) => {
      note(`message ${describeData(event.data)}`);
      if (typeof event.data !== "string") {
        server.send(new Uint8Array(event.data).reverse());
      } else if (event.data === "send large") {
        // 32 MiB + 1 bytes, over the limit a receiving runtime applies (sizes only: logged).
        try {
          server.send(new Uint8Array(32 * 1024 * 1024 + 1));
          note(`sent large readyState=${server.readyState}`);
        } catch (error) {
          note(`send threw ${error.message}`);
        }
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
        // (After its own close(), a 1006 close leaves it CLOSING too, and send() throws.)
        try {
          // A client that dropped the connection gets one write only: whether a second one finds
          // the connection reset already is timing.
          if (mode !== "closeAndDrop") server.send("late");
          server.close(4009, "manual-reply");
        } catch (error) {
          note(`late send threw ${error.message}`);
        }
      }
    });
    server.addEventListener("error", (event) =>
      note(`error ${event.message} readyState=${server.readyState}`),
    );
    const protocol = (request.headers.get("sec-websocket-protocol") ?? "").split(",")[0].trim();
    const headers = { "x-fixture": "upgraded" };
    if (protocol) headers["sec-websocket-protocol"] = protocol;
    return new Response(null, { status: 101, webSocket: client, headers });
  },
};
