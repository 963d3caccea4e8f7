import { afterEach, describe, expect, it, vi } from "vitest";
import { settle } from "vitest-environment-workers-ws";

describe("delivery under vi.useFakeTimers()", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("delivers messages and the close handshake without advancing fake time", async () => {
    vi.useFakeTimers();
    const [client, server] = new WebSocketPair();
    client.accept();
    server.accept();
    const got: unknown[] = [];
    server.addEventListener("message", (e) => {
      got.push(e.data);
      server.send(`echo ${e.data}`);
    });
    client.addEventListener("message", (e) => got.push(e.data));
    client.send("one");
    await settle();
    expect(got).toEqual(["one", "echo one"]);
    client.close(1000, "bye");
    await settle();
    expect([client.readyState, server.readyState]).toEqual([3, 3]);
  });

  // nextTick can only be faked in the threads pool: see test/environment-threads.
  it("still delivers with every timer API faked, queueMicrotask included", async () => {
    vi.useFakeTimers({
      toFake: ["setTimeout", "setInterval", "setImmediate", "queueMicrotask", "Date", "performance"],
    });
    const [client, server] = new WebSocketPair();
    client.accept();
    server.accept();
    const received = new Promise((resolve) => server.addEventListener("message", (e) => resolve(e.data)));
    client.send("through fake timers");
    await expect(received).resolves.toBe("through fake timers");
    client.close();
    await settle();
  });
});
