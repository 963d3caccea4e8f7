import { afterEach, describe, expect, it } from "vitest";
import { type ServedWorker, serve, settle } from "vitest-environment-workers-ws";
import { COMPRESSIBLE, offerReportingWorker, readOverTheWire } from "./compression-support.js";
import { startLocalWsServer } from "./local-ws-server.js";

// web_socket_compression is on by default from 2023-08-15 (this project runs at 2026-11-01):
// permessage-deflate is negotiated on real connections, both as a server and as a client.

const stops: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((item) => item.close()));
});

describe("with web_socket_compression", () => {
  it("serve() negotiates permessage-deflate with kj's answer, and compresses", async () => {
    const server: ServedWorker = await serve(offerReportingWorker);
    stops.push(server);
    const report = await readOverTheWire(server.url);
    expect(report.answer).toBe("permessage-deflate; client_max_window_bits=15");
    expect(report.offerSeen).toBe("offer: permessage-deflate; client_max_window_bits");
    expect(report.bytesRead).toBeLessThan(COMPRESSIBLE.length / 10);
  });

  it("new WebSocket(url) offers permessage-deflate and reports what the server chose", async () => {
    const upstream = await startLocalWsServer({ compress: true });
    stops.push(upstream);
    const ws = new WebSocket(upstream.url);
    const opened = new Promise<string | null>((resolve) =>
      ws.addEventListener("open", () => resolve(ws.extensions)),
    );
    expect(await opened).toBe("permessage-deflate");
    // workerd offers the bare extension (compared in test/conformance/network).
    expect(upstream.offers).toEqual(["permessage-deflate"]);
    ws.close(1000);
    await settle();
  });
});
