// The client side of the network comparison: the same scenarios, with a real ws client, against a
// base URL served by workerd or by workers-ws serve(). Each scenario returns what the client saw
// plus what the Worker logged; nothing timing-dependent is recorded.

import { createHash } from "node:crypto";
import { connect as connectTcp } from "node:net";
import { WebSocket } from "ws";

const LOG_WAIT_MS = 3000;
const LOG_SETTLE_MS = 300;

/**
 * What the Worker logged, once it logged an entry matching `until`, and whatever followed within
 * LOG_SETTLE_MS (an error event after the close, e.g. "Network connection lost.").
 */
async function workerLog(base, until) {
  const entries = [];
  const deadline = Date.now() + LOG_WAIT_MS;
  while (Date.now() < deadline) {
    entries.push(...JSON.parse(await (await fetch(`${base}/log`)).text()));
    if (entries.some((entry) => until.test(entry))) {
      await new Promise((resolve) => setTimeout(resolve, LOG_SETTLE_MS));
      entries.push(...JSON.parse(await (await fetch(`${base}/log`)).text()));
      return entries;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return [...entries, `(nothing matched ${until} within ${LOG_WAIT_MS} ms)`];
}

function describeMessage(data, isBinary) {
  // Messages over the size limit are described by their size.
  if (data.length > 1024) return `${isBinary ? "binary" : "text"} of ${data.length} bytes`;
  return isBinary ? `binary [${[...data].join(",")}]` : `text ${data.toString()}`;
}

/** Opens a ws client and records the handshake, messages and the close it sees. */
function connect(base, path, { protocols, compress }) {
  const socket = new WebSocket(`${base.replace(/^http/, "ws")}${path}`, protocols, {
    perMessageDeflate: compress,
  });
  const seen = [];
  const closed = new Promise((resolve) => {
    socket.on("upgrade", (response) => {
      seen.push(
        `101 x-fixture=${response.headers["x-fixture"]} protocol=${response.headers["sec-websocket-protocol"]} extensions=${response.headers["sec-websocket-extensions"]}`,
      );
    });
    socket.on("unexpected-response", (_request, response) => {
      let body = "";
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => {
        seen.push(`refused ${response.statusCode} x-fixture=${response.headers["x-fixture"]} body=${body}`);
        socket.terminate();
      });
    });
    socket.on("message", (data, isBinary) => seen.push(describeMessage(data, isBinary)));
    socket.on("error", (error) => seen.push(`error ${error.message}`));
    socket.on("close", (code, reason) => {
      seen.push(`close ${code} ${reason.toString()}`);
      resolve();
    });
  });
  const messages = (count) =>
    new Promise((resolve) => {
      const check = () => {
        if (seen.filter((entry) => /^(text|binary)/.test(entry)).length >= count) resolve();
        else setTimeout(check, 5);
      };
      check();
    });
  return { socket, seen, closed, messages };
}

export const clientScenarios = {
  async plain(base) {
    const get = await fetch(`${base}/plain`);
    const post = await fetch(`${base}/plain`, { method: "POST", body: "abc" });
    return [
      `GET ${get.status} x-fixture=${get.headers.get("x-fixture")} ${await get.text()}`,
      `POST ${post.status} ${await post.text()}`,
    ];
  },

  async refusedUpgrade(base, { compress }) {
    const client = connect(base, "/refuse", { compress });
    await client.closed;
    return client.seen;
  },

  async workerThrows(base, { compress }) {
    const response = await fetch(`${base}/throw`);
    const headers = [...response.headers].filter(([name]) => name !== "date");
    const plain = `GET ${response.status} ${response.statusText} ${JSON.stringify(headers)} body=${JSON.stringify(await response.text())}`;
    const client = connect(base, "/throw", { compress });
    await client.closed;
    return [plain, ...client.seen];
  },

  async echoThenClientCloses(base, { compress }) {
    const client = connect(base, "/ws?mode=echo", { protocols: ["chat", "superchat"], compress });
    await client.messages(2);
    client.socket.send("hi");
    client.socket.send(Buffer.from([1, 2, 3]));
    await client.messages(4);
    client.socket.close(4000, "client bye");
    await client.closed;
    return [...client.seen, ...(await workerLog(base, /^echo: close/))];
  },

  async serverCloses(base, { compress }) {
    const client = connect(base, "/ws?mode=serverClose", { compress });
    await client.messages(2);
    client.socket.send("close 4001 server-bye");
    await client.closed;
    return [...client.seen, ...(await workerLog(base, /^serverClose: close/))];
  },

  async workerClosesBeforeReturn(base, { compress }) {
    const client = connect(base, "/ws?mode=closeBeforeReturn", { compress });
    await client.closed;
    return [...client.seen, ...(await workerLog(base, /^closeBeforeReturn: close/))];
  },

  async clientVanishes(base, { compress }) {
    const client = connect(base, "/ws?mode=vanish", { compress });
    await client.messages(2);
    client.socket.terminate();
    await client.closed;
    return [...client.seen, ...(await workerLog(base, /^vanish: (close|error)/))];
  },

  async messageOverLimit(base, { compress }) {
    const client = connect(base, "/ws?mode=large", { compress });
    await client.messages(2);
    client.socket.send(Buffer.alloc(32 * 1024 * 1024 + 1));
    await client.closed;
    // Without compression kj sends Close 1009 and resets the connection while the client is still
    // sending: whether the Close or the reset reaches the client first is TCP timing (both seen).
    const seen = client.seen.map((line) =>
      line === "close 1006 " || line === "close 1009 Message is too large: 33554433 > 33554432"
        ? "close 1009 with the sizes, or 1006 when the reset overtakes it"
        : line,
    );
    return [...seen, ...(await workerLog(base, /^large: (close|error)/))];
  },
};

/** A masked frame header (zero mask) with a 64-bit payload length, written by hand. */
function frameHeader(fin, opcode, length) {
  const header = Buffer.alloc(14);
  header[0] = (fin ? 0x80 : 0) | opcode;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}

/** A whole frame, masked with a zero key when `masked` (a client's), for payloads under 126 bytes. */
function smallFrame(opcode, payload, masked) {
  return Buffer.concat([
    Buffer.from([0x80 | opcode, (masked ? 0x80 : 0) | payload.length]),
    masked ? Buffer.alloc(4) : Buffer.alloc(0),
    payload,
  ]);
}

function closeFrame(code, reason, masked) {
  const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
  payload.writeUInt16BE(code, 0);
  payload.write(reason, 2);
  return smallFrame(8, payload, masked);
}

/** Describes the frames in `bytes` (payloads under 126 bytes), unmasking a client's. */
function describeFrames(bytes) {
  const frames = [];
  let rest = bytes;
  while (rest.length >= 2) {
    const opcode = rest[0] & 0x0f;
    const length = rest[1] & 0x7f;
    const masked = (rest[1] & 0x80) !== 0;
    const start = masked ? 6 : 2;
    const payload = Buffer.from(rest.subarray(start, start + length));
    if (masked) for (let i = 0; i < payload.length; i++) payload[i] ^= rest[2 + (i % 4)];
    if (opcode === 8) frames.push(`close ${payload.readUInt16BE(0)} ${payload.subarray(2).toString()}`);
    else if (opcode === 1) frames.push(`text ${payload.toString()}`);
    else frames.push(`opcode ${opcode} length ${length}`);
    rest = rest.subarray(start + length);
  }
  return frames;
}

/**
 * A raw TCP client upgraded to `path` of `base`: `received()` is what came after the 101 (or
 * everything, until the 101 arrived), `frames()` the frames in it.
 */
async function rawConnection(base, path) {
  const socket = connectTcp(Number(new URL(base).port), "127.0.0.1");
  let received = Buffer.alloc(0);
  socket.on("data", (chunk) => {
    received = Buffer.concat([received, chunk]);
  });
  socket.on("error", () => undefined);
  const ended = new Promise((resolve) => socket.on("close", resolve));
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: fixture\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
  );
  const after = () => {
    const end = received.indexOf("\r\n\r\n");
    return end < 0 ? Buffer.alloc(0) : received.subarray(end + 4);
  };
  const frames = () => describeFrames(after());
  const waitFor = async (count) => {
    const deadline = Date.now() + LOG_WAIT_MS;
    while (frames().length < count && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  return {
    socket,
    ended,
    frames,
    waitFor,
    head: () => received.subarray(0, received.indexOf("\r\n")).toString(),
  };
}

/**
 * Clients written by hand, for the close handshakes a ws client does not make. A client whose
 * first frame is its Close (then waiting for the answer, or dropping the connection at once), the
 * same after one message, and one that lets the Worker close, never answers, and drops the
 * connection 100 ms later. What the Worker's end sees (close, error, readyState) is recorded.
 */
clientScenarios.clientClosesFirst = async (base) => {
  const seen = [];
  for (const [mode, message, drop] of [
    ["closeFirst", false, false],
    ["closeAndDrop", false, true],
    ["messageThenClose", true, false],
  ]) {
    const client = await rawConnection(base, `/ws?mode=${mode}`);
    await client.waitFor(2);
    if (message) {
      client.socket.write(smallFrame(1, Buffer.from("hi"), true));
      await client.waitFor(3);
    }
    client.socket.write(closeFrame(4000, "bye", true));
    if (drop) client.socket.destroy();
    else await client.waitFor(message ? 4 : 3);
    seen.push(...(await workerLog(base, new RegExp(`^${mode}: close`))));
    seen.push(`${mode} client got: ${client.frames().join(" | ")}`);
    client.socket.destroy();
  }
  const silent = await rawConnection(base, "/ws?mode=silent");
  await silent.waitFor(2);
  silent.socket.write(smallFrame(1, Buffer.from("close 4001 server-bye"), true));
  await silent.waitFor(3);
  await new Promise((resolve) => setTimeout(resolve, 100));
  silent.socket.destroy();
  seen.push(`silent client got: ${silent.frames().join(" | ")}`);
  seen.push(...(await workerLog(base, /^silent: close/)));
  return seen;
};

/**
 * A client that writes frames by hand: only the header of a message over the limit (and a few
 * bytes of it), and a fragmented message whose second frame's header is over what the first left.
 * The runtime refuses at the header, without waiting for the rest, and drops the connection.
 */
clientScenarios.messageOverLimitAtHeader = async (base) => {
  const MiB = 1024 * 1024;
  const seen = [];
  for (const frames of [
    [frameHeader(true, 2, 32 * MiB + 1), Buffer.alloc(10)],
    [frameHeader(false, 2, MiB), Buffer.alloc(MiB), frameHeader(true, 0, 32 * MiB), Buffer.alloc(10)],
  ]) {
    const socket = connectTcp(Number(new URL(base).port), "127.0.0.1");
    let received = Buffer.alloc(0);
    socket.on("data", (chunk) => {
      received = Buffer.concat([received, chunk]);
    });
    socket.on("error", () => undefined);
    const ended = new Promise((resolve) => socket.on("close", resolve));
    socket.write(
      "GET /ws?mode=raw HTTP/1.1\r\nHost: fixture\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
    );
    // The greeting (two frames) follows the 101.
    const deadline = Date.now() + LOG_WAIT_MS;
    const greeted = () => {
      const end = received.indexOf("\r\n\r\n");
      return end >= 0 && received.length >= end + 4 + 13;
    };
    while (!greeted() && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    for (const frame of frames) socket.write(frame);
    await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, LOG_WAIT_MS))]);
    const text = received.toString("latin1");
    seen.push(text.slice(0, text.indexOf("\r\n")));
    let rest = received.subarray(text.indexOf("\r\n\r\n") + 4);
    while (rest.length >= 2) {
      const opcode = rest[0] & 0x0f;
      const length = rest[1] & 0x7f;
      const payload = rest.subarray(2, 2 + length);
      seen.push(
        opcode === 8
          ? `close ${payload.readUInt16BE(0)} ${payload.subarray(2).toString()}`
          : `opcode ${opcode} length ${length}`,
      );
      rest = rest.subarray(2 + length);
    }
    seen.push(socket.destroyed ? "connection dropped" : "connection still open");
    socket.destroy();
  }
  return [...seen, ...(await workerLog(base, /^raw: error.*32505856/))];
};

/**
 * The Worker's end sends 32 MiB + 1 bytes to a real client: no limit applies on the sending side,
 * and a ws client (whose own limit is 100 MiB) receives it.
 */
clientScenarios.workerSendsOverLimit = async (base, { compress }) => {
  const client = connect(base, "/ws?mode=sendLarge", { compress });
  await client.messages(2);
  client.socket.send("send large");
  await client.messages(3);
  client.socket.close(4000, "client bye");
  await client.closed;
  return [...client.seen, ...(await workerLog(base, /^sendLarge: close/))];
};

/**
 * The Worker as a client of a real server started here: a ws server that records the upgrade
 * request, echoes two messages and closes with 4002; and an HTTP server that answers 200.
 */
clientScenarios.workerConnectsOut = async (base, { compress }) => {
  const { WebSocketServer } = await import("ws");
  const { createServer } = await import("node:http");
  // The server's lines and the Worker's reports are kept apart: their interleaving is timing.
  const seen = [];
  const reports = [];
  const http = createServer((_request, response) => response.end("not a websocket"));
  const wss = new WebSocketServer({ server: http, perMessageDeflate: compress });
  let plainUpgrade = false;
  http.prependListener("upgrade", (request, socket) => {
    if (request.url === "/plain") {
      plainUpgrade = true;
      socket.end("HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok");
    }
  });
  wss.shouldHandle = (request) => request.url !== "/plain";
  wss.on("connection", (socket, request) => {
    seen.push(
      `server: upgrade extensions=${request.headers["sec-websocket-extensions"]} protocol=${request.headers["sec-websocket-protocol"]}`,
    );
    let count = 0;
    socket.on("message", (data, isBinary) => {
      seen.push(`server: ${describeMessage(data, isBinary)}`);
      socket.send(data, { binary: isBinary });
      if (++count === 2) socket.close(4002, "server done");
    });
    socket.on("close", (code, reason) => seen.push(`server: close ${code} ${reason.toString()}`));
  });
  await new Promise((resolve) => http.listen(0, "127.0.0.1", resolve));
  const target = `ws://127.0.0.1:${http.address().port}`;
  try {
    for (const path of ["/echo", "/plain"]) {
      const response = await fetch(`${base}/outbound?target=${encodeURIComponent(target + path)}`);
      reports.push(`${path}: ${response.status} ${await response.text()}`);
    }
    // The server's close comes when TCP ends, which may be after the Worker answered.
    const deadline = Date.now() + LOG_WAIT_MS;
    while (!seen.some((line) => line.startsWith("server: close")) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    for (const client of wss.clients) client.terminate();
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  }
  return [...seen, ...reports, `plain upgrade answered: ${plainUpgrade}`];
};

/** Runs every scenario against `base`; returns { [name]: lines }. */
export async function runClientScenarios(base, options) {
  const trace = {};
  for (const [name, scenario] of Object.entries(clientScenarios)) {
    try {
      trace[name] = await scenario(base, options);
    } catch (error) {
      trace[name] = [`scenario failed: ${error.message}`];
    }
  }
  return trace;
}

/**
 * A local server for the Worker to connect out to: a ws server that records the offered protocols
 * as written, picks the first, greets, then behaves as `behaviour` says; an HTTP server answering
 * 200 to plain requests and to upgrades on /plain.
 */
async function localServer(compress, behaviour) {
  const { WebSocketServer } = await import("ws");
  const { createServer } = await import("node:http");
  const seen = [];
  const http = createServer((_request, response) => response.end("plain answer"));
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: compress });
  http.on("upgrade", (request, socket, head) => {
    if (request.url === "/plain")
      socket.end("HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok");
    else if (behaviour.startsWith("raw:")) rawUpgrade(request, socket, behaviour.slice(4), seen);
    else wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, request));
  });
  wss.on("connection", (socket, request) => {
    seen.push(
      `server: protocol header=${request.headers["sec-websocket-protocol"]} chose=${socket.protocol}`,
    );
    socket.on("message", (data, isBinary) => {
      seen.push(`server: ${describeMessage(data, isBinary)}`);
      if (behaviour === "echoThenClose") socket.close(4002, "server done");
    });
    socket.on("close", (code, reason) => seen.push(`server: close ${code} ${reason.toString()}`));
    if (behaviour === "closeAtOnce") {
      socket.close(4001, "at once");
      return;
    }
    socket.send("hello");
    if (behaviour === "terminate") setTimeout(() => socket.terminate(), 50);
  });
  await new Promise((resolve) => http.listen(0, "127.0.0.1", resolve));
  const url = `ws://127.0.0.1:${http.address().port}`;
  const stop = async () => {
    for (const client of wss.clients) client.terminate();
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  };
  const closed = async () => {
    const deadline = Date.now() + LOG_WAIT_MS;
    while (!seen.some((line) => line.startsWith("server: close")) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  return { url, seen, stop, closed };
}

/**
 * Answers an upgrade by hand, for servers that leave without the close handshake:
 * "closeThenEnd" sends Close 4001 and ends the connection at once; "silentThenDrop" greets, never
 * answers, and drops the connection 100 ms after the Worker's first frame.
 */
function rawUpgrade(request, socket, behaviour, seen) {
  const accept = createHash("sha1")
    .update(`${request.headers["sec-websocket-key"]}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
    .digest("base64");
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
  );
  let received = Buffer.alloc(0);
  socket.on("data", (chunk) => {
    received = Buffer.concat([received, chunk]);
  });
  socket.on("error", () => undefined);
  socket.on("close", () =>
    seen.push(`server: close (saw ${describeFrames(received).join(" | ") || "nothing"})`),
  );
  if (behaviour === "closeThenEnd") {
    socket.end(closeFrame(4001, "at once", false));
    return;
  }
  socket.write(smallFrame(1, Buffer.from("hello"), false));
  socket.once("data", () => setTimeout(() => socket.destroy(), 100));
}

/** Asks the Worker to connect out (fixture connectOut) and returns what its socket saw. */
async function connectOut(base, params) {
  const response = await fetch(`${base}/connectOut?${new URLSearchParams(params)}`);
  return `${params.via}: ${response.status} ${(await response.text()).replaceAll('","', '" "')}`;
}

/** The Worker's Response from plain and refused-upgrade fetch() over the network: webSocket null. */
clientScenarios.workerFetchesPlain = async (base, { compress }) => {
  const server = await localServer(compress, "none");
  try {
    const target = encodeURIComponent(`${server.url.replace(/^ws/, "http")}/plain`);
    const response = await fetch(`${base}/probeFetch?target=${target}`);
    return [`${response.status} ${await response.text()}`];
  } finally {
    await server.stop();
  }
};

/** The Sec-WebSocket-Protocol the Worker sends: new WebSocket's list, an upgrading fetch()'s header. */
clientScenarios.workerOutboundProtocols = async (base, { compress }) => {
  const reports = [];
  for (const params of [
    { via: "ws", protocols: "a,b", action: "close" },
    { via: "fetch", header: "protocol1, proto2,p3", action: "close" },
  ]) {
    const server = await localServer(compress, "none");
    try {
      reports.push(await connectOut(base, { ...params, target: `${server.url}/echo` }));
      await server.closed();
      reports.push(...server.seen);
    } finally {
      await server.stop();
    }
  }
  return reports;
};

/** Events of the Worker's outbound socket when the server closes at once, after a message, or vanishes, and when the Worker closes. */
clientScenarios.workerOutboundCloses = async (base, { compress }) => {
  const reports = [];
  for (const via of ["ws", "fetch"]) {
    for (const [behaviour, action] of [
      ["closeAtOnce", "none"],
      ["echoThenClose", "send"],
      ["none", "close"],
      ["terminate", "none"],
    ]) {
      const server = await localServer(compress, behaviour);
      try {
        reports.push(
          `${behaviour}/${action} ${await connectOut(base, { via, action, target: `${server.url}/x` })}`,
        );
        await server.closed();
        reports.push(...server.seen);
      } finally {
        await server.stop();
      }
    }
  }
  return reports;
};

/**
 * 32 MiB + 1 bytes between the Worker's own client socket (new WebSocket(url), an upgrading
 * fetch()) and the runtime serving the same Worker over loopback, both ways: the receiving end
 * refuses it (Close 1009 and the connection dropped), and the sending end sees the close and a
 * "Network connection lost." error, in an order that depends on compression (new WebSocket
 * offers it at these dates, an upgrading fetch() without the header does not). Then the same
 * message to a plain ws server, which takes it (and closes).
 */
clientScenarios.workerOutboundOverLimit = async (base, { compress }) => {
  const reports = [];
  const self = base.replace(/^http/, "ws");
  for (const via of ["ws", "fetch"]) {
    for (const [mode, action] of [
      ["large", "large"],
      ["sendLarge", "askLarge"],
    ]) {
      reports.push(
        `${mode}/${action} ${await connectOut(base, { via, action, target: `${self}/ws?mode=${mode}` })}`,
      );
      reports.push(...(await workerLog(base, new RegExp(`^${mode}: (close|error)`))));
    }
    const server = await localServer(compress, "echoThenClose");
    try {
      reports.push(
        `server/large ${await connectOut(base, { via, action: "large", target: `${server.url}/x` })}`,
      );
      await server.closed();
      reports.push(...server.seen);
    } finally {
      await server.stop();
    }
  }
  return reports;
};

/**
 * Servers that leave without the close handshake, and the Worker closing before its socket is
 * connected (new WebSocket) or right after accept() (fetch): the Worker's events, readyState, and
 * the "Network connection lost." errors among them.
 */
clientScenarios.workerOutboundLeaves = async (base, { compress }) => {
  const reports = [];
  for (const via of ["ws", "fetch"]) {
    for (const [behaviour, action] of [
      ["raw:closeThenEnd", "none"],
      ["raw:silentThenDrop", "close"],
      ["none", "closeConnecting"],
    ]) {
      const server = await localServer(compress, behaviour);
      try {
        reports.push(
          `${behaviour}/${action} ${await connectOut(base, { via, action, target: `${server.url}/x` })}`,
        );
        // new WebSocket() closed while connecting never reaches the server: nothing to wait for.
        if (action === "closeConnecting" && via === "ws")
          await new Promise((resolve) => setTimeout(resolve, LOG_SETTLE_MS));
        else await server.closed();
        reports.push(...server.seen);
      } finally {
        await server.stop();
      }
    }
  }
  return reports;
};
