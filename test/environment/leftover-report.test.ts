import { describe, expect, it } from "vitest";
import {
  CAPTURE_EVERY_SITE_BELOW,
  CAPTURE_ONE_SITE_IN,
  createIoContext,
  createRuntime,
  describeOpenSockets,
  dispatchFetch,
  HibernationManager,
  UNSAMPLED_SITE,
} from "vitest-environment-workers-ws";

/** Runs `open` in a runtime of its own and returns the teardown report of what it left open. */
async function reportOf(open: () => unknown): Promise<string> {
  const runtime = createRuntime({ compatibilityDate: "2026-11-01" });
  const deactivate = runtime.activate();
  try {
    await open();
    await runtime.settle();
    return describeOpenSockets(runtime.dispose());
  } finally {
    deactivate();
  }
}

function openPairs(n: number): void {
  for (let i = 0; i < n; i++) {
    const { 0: client, 1: server } = new WebSocketPair();
    client.accept();
    server.accept();
  }
}

describe("the report of sockets left open", () => {
  it("groups sockets by creation site and caps the list", async () => {
    const report = await reportOf(() => {
      openPairs(400);
      // Twelve more sites (calls on twelve different lines), one pair each: ten sites are listed,
      // the rest summed up.
      for (let line = 0; line < 12; line++) {
        new Function("openPairs", `${"\n".repeat(line)}openPairs(1);`)(openPairs);
      }
      const lone = new WebSocketPair()[0];
      lone.accept();
    });
    const lines = report.split("\n");
    expect(lines[0]).toBe("workers-ws: 826 WebSockets were still open when the test file ended; closed now.");
    expect(lines[1]).toBe(
      "  1. 800 WebSockets (400 connections with both ends open), readyState 1 (OPEN), created at:",
    );
    expect(lines[2]).toMatch(/at openPairs \(.*leftover-report\.test\.ts:\d+:\d+\)/);
    expect(lines.filter((line) => /^ {2}\d+\. /.test(line))).toHaveLength(10);
    expect(lines.at(-1)).toBe("  … and 8 more WebSockets created at 4 other places (not listed).");
    // 10 sites × (heading + at most 4 frames), the header and the summary.
    expect(lines.length).toBeLessThanOrEqual(52);
  });

  it("samples creation sites once 1,000 sockets are open, and says so for the rest", async () => {
    const report = await reportOf(() => openPairs(10_000));
    const lines = report.split("\n");
    expect(lines[0]).toBe(
      "workers-ws: 20,000 WebSockets were still open when the test file ended; closed now.",
    );
    // The first 500 pairs (fewer than 1,000 sockets open), then 1 in 64 of the other 9,500.
    const sampled = 500 + Math.ceil(9_500 / CAPTURE_ONE_SITE_IN);
    expect(lines[1]).toBe(
      `  1. ${(2 * sampled).toLocaleString("en-US")} WebSockets (${sampled} connections with both ends open), readyState 1 (OPEN), created at:`,
    );
    expect(lines[2]).toMatch(/at openPairs \(.*leftover-report\.test\.ts:\d+:\d+\)/);
    const unsampled = 10_000 - sampled;
    const heading = lines.findIndex((line) => line.startsWith("  2. "));
    expect(lines[heading]).toBe(
      `  2. ${(2 * unsampled).toLocaleString("en-US")} WebSockets (${unsampled.toLocaleString("en-US")} connections with both ends open), readyState 1 (OPEN), created at:`,
    );
    expect(lines[heading + 1]).toBe(`       ${UNSAMPLED_SITE}`);
    expect(UNSAMPLED_SITE).toBe(
      `(creation site not recorded: ${CAPTURE_EVERY_SITE_BELOW.toLocaleString("en-US")} or more sockets were open, and then 1 in ${CAPTURE_ONE_SITE_IN} is recorded)`,
    );
    expect(lines).toHaveLength(heading + 2);
  });

  it("names the two ends of one pair, and of one upgrade, as one connection", async () => {
    const pairReport = await reportOf(() => openPairs(1));
    expect(pairReport).toContain(
      "  1. 2 WebSockets, the two ends of one connection, readyState 1 (OPEN), created at:",
    );
    const upgradeReport = await reportOf(async () => {
      const worker = {
        fetch() {
          const [client, server] = Object.values(new WebSocketPair());
          server.accept();
          return new Response(null, { status: 101, webSocket: client } as ResponseInit);
        },
      };
      const response = await dispatchFetch(worker, "https://chat.example/", {
        headers: { Upgrade: "websocket" },
      });
      response.webSocket?.accept();
    });
    expect(upgradeReport).toContain(
      "workers-ws: 2 WebSockets were still open when the test file ended; closed now.",
    );
    expect(upgradeReport).toContain("2 WebSockets, the two ends of one connection, readyState 1 (OPEN)");
  });

  it("names the Durable Object that accepted a socket with acceptWebSocket()", async () => {
    const report = await reportOf(() => {
      const context = createIoContext();
      const manager = new HibernationManager({
        ioContext: () => context,
        callHandler: async () => "missing",
        label: { className: "ChatRoom", bindingName: "ROOM", id: "abc123" },
      });
      context.run(() => {
        const { 0: client, 1: server } = new WebSocketPair();
        manager.acceptWebSocket(server, ["lobby"]);
        client.accept();
      });
    });
    expect(report.split("\n")[1]).toBe(
      "  1. 2 WebSockets, the two ends of one connection, readyState 1 (OPEN), accepted by ROOM (ChatRoom) abc123, created at:",
    );
  });

  it("lists mixed states of one site", () => {
    const site = "at openSockets (/app/test/chat.test.ts:3:7)";
    const entry = (readyState: number, connection: number) =>
      ({ readyState, createdAt: site, connection }) as Parameters<typeof describeOpenSockets>[0][number];
    expect(describeOpenSockets([entry(1, 1), entry(2, 1), entry(1, 2)])).toBe(
      [
        "workers-ws: 3 WebSockets were still open when the test file ended; closed now.",
        "  1. 3 WebSockets (1 connection with both ends open), readyState 1 (OPEN) ×2, 2 (CLOSING) ×1, created at:",
        "       at openSockets (/app/test/chat.test.ts:3:7)",
      ].join("\n"),
    );
  });
});
