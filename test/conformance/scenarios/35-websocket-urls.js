// What `new WebSocket(url)` does with URL edge cases (empty host, port 0, IPv6 literals, userinfo,
// fragments, other schemes, relative and padded URLs): whether the constructor throws, the url it
// reports, and the events that follow. Targets are loopback ports nothing listens on (1, 0), so a
// connection that is attempted fails at once; a case waits for the close event (or 1 s).
// Also: what a fetch() of the worker's own loopback URL resolves with when the answer is not an
// upgrade (response.webSocket), and the Sec-WebSocket-Protocol header an upgrading fetch() sends.

const WAIT_MS = 1000;

/** Constructs, records what the constructor did, then the events until close (or WAIT_MS). */
async function construct(t, url, protocols) {
  const label = `new WebSocket(${JSON.stringify(String(url))})`;
  const ws = t.try(label, () =>
    protocols === undefined ? new WebSocket(url) : new WebSocket(url, protocols),
  );
  if (ws === undefined) return;
  t.log("constructed", { url: ws.url, rs: ws.readyState, protocol: ws.protocol });
  t.tap("ws", ws);
  await new Promise((resolve) => {
    ws.addEventListener("close", resolve);
    setTimeout(resolve, WAIT_MS);
  });
  t.log("after close", { url: ws.url, rs: ws.readyState });
}

const urlCase = (url) => (t) => construct(t, url);

/** The http:// form of the loopback URL io.webSocketUrl gives. */
const httpUrl = (io, serve) => io.webSocketUrl(serve).replace(/^ws:/, "http:");

export const scenarios = {
  schemeOnlyWs: urlCase("ws://"),
  schemeOnlyWss: urlCase("wss://"),
  emptyHostWithPort: urlCase("ws://:80"),
  emptyHostWithPath: urlCase("ws:///path"),
  portZero: urlCase("ws://127.0.0.1:0"),
  portOutOfRange: urlCase("ws://127.0.0.1:65536"),
  ipv6Loopback: urlCase("ws://[::1]:1/"),
  ipv6Unclosed: urlCase("ws://[::1:1/"),
  userinfo: urlCase("ws://user:pw@127.0.0.1:1/"),
  fragment: urlCase("ws://127.0.0.1:1/#frag"),
  emptyFragment: urlCase("ws://127.0.0.1:1/#"),
  httpScheme: urlCase("http://127.0.0.1:1/"),
  httpsScheme: urlCase("https://127.0.0.1:1/"),
  otherScheme: urlCase("ftp://127.0.0.1:1/"),
  relativePath: urlCase("/relative"),
  schemeRelative: urlCase("//127.0.0.1:1/"),
  noSlashes: urlCase("ws:127.0.0.1:1"),
  upperCaseScheme: urlCase("WS://127.0.0.1:1/A?b=C"),
  paddedWithSpaces: urlCase("  ws://127.0.0.1:1/  "),
  spaceInHost: urlCase("ws://127.0.0 .1:1/"),
  percentInHost: urlCase("ws://%zz/"),
  defaultPort: urlCase("ws://127.0.0.1:80/"),
  queryOnly: urlCase("ws://127.0.0.1:1?x=1"),
  urlObject: (t) => construct(t, new URL("ws://127.0.0.1:1/obj")),
  portNotNumeric: urlCase("ws://127.0.0.1:abc/"),
  portEmpty: urlCase("ws://127.0.0.1:/"),
  ipv6DefaultPort: urlCase("ws://[::1]/"),
  trailingSpacesInPath: urlCase("ws://127.0.0.1:1/  "),
  spaceInPath: urlCase("ws://127.0.0.1:1/a b"),
  nonAsciiPath: urlCase("ws://127.0.0.1:1/\u00fc"),
  newlineInPath: urlCase("ws://127.0.0.1:1/a\nb"),
  twoPorts: urlCase("ws://127.0.0.1:1:2/"),
  userWithoutPassword: urlCase("ws://user@127.0.0.1:1/"),
  emptyUserinfo: urlCase("ws://@127.0.0.1:1/"),
  twoAts: urlCase("ws://a@b@127.0.0.1:1/"),
  shortIpv4: urlCase("ws://127.1:1/"),
  hexIpv4: urlCase("ws://0x7f.0.0.1:1/"),
  portLeadingZeros: urlCase("ws://127.0.0.1:00001/"),
  portWithPlus: urlCase("ws://127.0.0.1:+1/"),
  ipv4MappedIpv6: urlCase("ws://[::ffff:127.0.0.1]:1/"),
  upperCaseHost: urlCase("ws://LOCALHOST:1/"),
  emptyQueryAndFragment: urlCase("ws://127.0.0.1:1/?#"),
  backslashAfterPort: urlCase("ws://127.0.0.1:1\\path"),
  dotDotPath: urlCase("ws://127.0.0.1:1/../x"),
  trailingSpaceAfterHost: urlCase("ws://127.0.0.1:1 "),
  portOverflowing32Bits: urlCase("ws://127.0.0.1:4294967297/"),
  portNegative: urlCase("ws://127.0.0.1:-1/"),
  ipv6Zone: urlCase("ws://[fe80::1%25lo]:1/"),
  emptyHostEmptyPort: urlCase("ws://:/"),
  emptyIpv6Literal: urlCase("ws://[]:1/"),
  tabInPath: urlCase("ws://127.0.0.1:1/\t"),
  schemeWithDigit: urlCase("w1s://x/"),
  emptyString: urlCase(""),

  // workerd: a fetch() whose answer does not upgrade resolves with a Response whose webSocket is null.
  fetchWithoutUpgrade: async (t, io) => {
    const response = await fetch(
      httpUrl(io, () => new Response("plain", { headers: { "x-case": "plain" } })),
    );
    t.log("plain fetch", {
      status: response.status,
      webSocket: response.webSocket,
      inWebSocket: "webSocket" in response,
      body: await response.text(),
    });
  },

  fetchUpgradeRefused: async (t, io) => {
    const response = await fetch(
      httpUrl(io, () => new Response("no", { status: 426 })),
      { headers: { Upgrade: "websocket" } },
    );
    t.log("refused upgrade", { status: response.status, webSocket: response.webSocket });
  },

  // workerd forwards an upgrading fetch()'s Sec-WebSocket-Protocol as written.
  fetchUpgradeProtocolHeader: async (t, io) => {
    const response = await fetch(
      httpUrl(io, (request) => {
        t.log("server saw", request.headers.get("sec-websocket-protocol"));
        const [client, server] = Object.values(new WebSocketPair());
        server.accept();
        server.send("hello");
        return new Response(null, {
          status: 101,
          webSocket: client,
          headers: { "Sec-WebSocket-Protocol": "proto2" },
        });
      }),
      { headers: { Upgrade: "websocket", "Sec-WebSocket-Protocol": "protocol1, proto2,p3" } },
    );
    t.log("upgraded", { status: response.status, protocol: response.headers.get("sec-websocket-protocol") });
    const ws = response.webSocket;
    t.tap("caller", ws);
    const message = new Promise((resolve) => ws.addEventListener("message", resolve, { once: true }));
    ws.accept();
    await message;
  },

  newWebSocketProtocolList: async (t, io) => {
    const url = io.webSocketUrl((request) => {
      t.log("server saw", request.headers.get("sec-websocket-protocol"));
      const [client, server] = Object.values(new WebSocketPair());
      server.accept();
      server.send("hello");
      return new Response(null, {
        status: 101,
        webSocket: client,
        headers: { "Sec-WebSocket-Protocol": "b" },
      });
    });
    const ws = new WebSocket(url, ["a", "b"]);
    t.tap("client", ws);
    await new Promise((resolve) => ws.addEventListener("message", resolve, { once: true }));
    t.log("protocol", ws.protocol);
  },
};
