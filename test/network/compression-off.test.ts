// @vitest-environment-options {"compatibilityDate":"2026-11-01","compatibilityFlags":["no_web_socket_compression"]}
import { afterEach, describe, expect, it } from "vitest";
import { type ServedWorker, serve, settle } from "vitest-environment-workers-ws";
import { COMPRESSIBLE, offerReportingWorker, readOverTheWire } from "./compression-support.js";
import { startLocalWsServer } from "./local-ws-server.js";

// Without web_socket_compression nothing is compressed either way: the extension is not answered
// when served, and not offered when the Worker connects out.

const stops: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((item) => item.close()));
});

describe("with no_web_socket_compression", () => {
  it("serve() leaves the client's offer unanswered and sends uncompressed", async () => {
    const server: ServedWorker = await serve(offerReportingWorker);
    stops.push(server);
    const report = await readOverTheWire(server.url);
    expect(report.answer).toBeUndefined();
    // workerd still shows the Worker the client's offer (observed; compared in test/conformance/network).
    expect(report.offerSeen).toBe("offer: permessage-deflate; client_max_window_bits");
    expect(report.bytesRead).toBeGreaterThan(COMPRESSIBLE.length);
  });

  it("new WebSocket(url) offers no extension, and its extensions is null", async () => {
    const upstream = await startLocalWsServer({ compress: true });
    stops.push(upstream);
    const ws = new WebSocket(upstream.url);
    const opened = new Promise<string | null>((resolve) =>
      ws.addEventListener("open", () => resolve(ws.extensions)),
    );
    expect(await opened).toBeNull();
    expect(upstream.offers).toEqual([undefined]);
    ws.close(1000);
    await settle();
  });
});
