import { describe, expect, it, vi } from "vitest";
import {
  createRuntime,
  DEFAULT_TRANSCRIPT_LIMIT,
  MAX_TRANSCRIPT_LIMIT,
  settle,
  type TranscriptEntry,
  transcriptOf,
  type WebSocket,
  WebSocket as WebSocketClass,
} from "workers-ws";
import { NEW, OLD, pair, useRuntime } from "./support/trace.js";

/** Entries without error objects (their stacks differ run to run): errors as `Class: message`. */
function plain(ws: WebSocket): unknown[] {
  return transcriptOf(ws)
    .entries()
    .map((entry: TranscriptEntry) => {
      if (entry.kind === "threw") {
        const error = entry.error as Error;
        return { ...entry, error: `${error.name}: ${error.message}` };
      }
      if (entry.kind === "error") return { ...entry, error: (entry.error as Error).message };
      return entry;
    });
}

describe("transcript: what a socket did", () => {
  const context = useRuntime({ compatibilityDate: NEW });
  const runtime = { dispose: () => context.runtime.dispose() };

  it("records accept, messages both ways, close() and the close event, with readyState causes", async () => {
    const [client, server] = pair();
    server.accept({ allowHalfOpen: false });
    server.addEventListener("message", (event) => server.send(`echo: ${event.data}`));
    client.accept();
    client.send("hello");
    client.send(new Uint16Array([0x0201]));
    await settle();
    client.close(1000, "done");
    await settle();

    expect(plain(client)).toEqual([
      { seq: 1, kind: "accept", allowHalfOpen: undefined, halfOpen: false },
      { seq: 2, kind: "sent", data: "hello" },
      { seq: 3, kind: "sent", data: new Uint8Array([1, 2]) },
      { seq: 4, kind: "received", data: "echo: hello" },
      { seq: 5, kind: "received", data: "echo: [object Blob]" },
      { seq: 6, kind: "closeCall", code: 1000, reason: "done" },
      { seq: 7, kind: "readyState", from: 1, to: 2, cause: "close() called" },
      { seq: 8, kind: "close", code: 1000, reason: "done", wasClean: true },
      { seq: 9, kind: "readyState", from: 2, to: 3, cause: "close frame received" },
    ]);
    expect(plain(server).slice(0, 6)).toEqual([
      { seq: 1, kind: "accept", allowHalfOpen: false, halfOpen: false },
      { seq: 2, kind: "received", data: "hello" },
      { seq: 3, kind: "sent", data: "echo: hello" },
      { seq: 4, kind: "received", data: new Uint8Array([1, 2]) },
      { seq: 5, kind: "sent", data: "echo: [object Blob]" },
      { seq: 6, kind: "close", code: 1000, reason: "done", wasClean: true },
    ]);
    expect(transcriptOf(client).readyStates()).toEqual([1, 2, 3]);
    expect(transcriptOf(server).readyStates()).toEqual([1, 3]);
    expect(transcriptOf(client).acceptEntry).toMatchObject({ kind: "accept", seq: 1 });
    expect(transcriptOf(client).closeEntry).toMatchObject({ kind: "close", code: 1000, seq: 8 });
  });

  it("records messages that arrive with no listener, and calls that throw or are ignored", async () => {
    const [client, server] = pair();
    client.accept();
    expect(() => server.send("early")).toThrow(TypeError);
    server.accept();
    server.accept({ allowHalfOpen: true });
    client.send("nobody listens");
    expect(() => client.close(1004)).toThrow("Invalid WebSocket close code: 1004.");
    client.close();
    client.close(3000);
    await settle();
    expect(() => client.send("late")).toThrow("Can't call WebSocket send() after close().");

    expect(plain(server).slice(0, 4)).toEqual([
      {
        seq: 1,
        kind: "threw",
        method: "send",
        args: ["early"],
        error:
          "TypeError: You must call one of accept() or state.acceptWebSocket() on this WebSocket before sending messages.",
      },
      { seq: 2, kind: "accept", allowHalfOpen: undefined, halfOpen: false },
      { seq: 3, kind: "ignored", method: "accept", args: [{ allowHalfOpen: true }] },
      { seq: 4, kind: "received", data: "nobody listens" },
    ]);
    expect(plain(client)).toEqual([
      { seq: 1, kind: "accept", allowHalfOpen: undefined, halfOpen: false },
      { seq: 2, kind: "sent", data: "nobody listens" },
      {
        seq: 3,
        kind: "threw",
        method: "close",
        args: [1004],
        error: "InvalidAccessError: Invalid WebSocket close code: 1004.",
      },
      { seq: 4, kind: "closeCall", code: undefined, reason: undefined },
      { seq: 5, kind: "readyState", from: 1, to: 2, cause: "close() called" },
      { seq: 6, kind: "ignored", method: "close", args: [3000] },
      { seq: 7, kind: "close", code: 1005, reason: "", wasClean: true },
      { seq: 8, kind: "readyState", from: 2, to: 3, cause: "close frame received" },
      {
        seq: 9,
        kind: "threw",
        method: "send",
        args: ["late"],
        error: "TypeError: Can't call WebSocket send() after close().",
      },
    ]);
  });

  it("records the unclean close 1006 when the connection is dropped", async () => {
    const [, server] = pair(true);
    runtime.dispose();
    await settle();
    expect(plain(server)).toEqual([
      { seq: 1, kind: "accept", allowHalfOpen: undefined, halfOpen: false },
      {
        seq: 2,
        kind: "close",
        code: 1006,
        reason: "WebSocket disconnected without sending Close frame.",
        wasClean: false,
      },
      { seq: 3, kind: "readyState", from: 1, to: 2, cause: "peer disconnected" },
    ]);
  });

  it("records send() and close() that the runtime ignores after the connection ended", async () => {
    const [client, server] = pair(true);
    runtime.dispose();
    await settle();
    server.send("into the void");
    server.close(1000, "too late");
    const tail = plain(server).slice(-2);
    expect(tail).toEqual([
      { seq: 4, kind: "ignored", method: "send", args: ["into the void"] },
      { seq: 5, kind: "ignored", method: "close", args: [1000, "too late"] },
    ]);
    expect(plain(client).some((entry) => (entry as { kind: string }).kind === "ignored")).toBe(false);
  });

  it("records an error thrown while converting send()'s argument, with the thrown value itself", () => {
    const [client] = pair(true);
    const problem = new RangeError("no string for you");
    const message = {
      toString() {
        throw problem;
      },
    };
    expect(() => client.send(message as unknown as string)).toThrow(problem);
    const entry = transcriptOf(client).entries().at(-1);
    expect(entry).toEqual({ seq: 2, kind: "threw", method: "send", args: [message], error: problem });
  });

  it("records accept() and close() argument errors, and nothing for a call with a wrong this", () => {
    const [client] = pair();
    expect(() => client.accept(5 as never)).toThrow(TypeError);
    expect(() => client.close(1000, "x".repeat(200))).toThrow(DOMException);
    expect(() => client.send.call({}, "x")).toThrow("Illegal invocation");
    expect(plain(client)).toEqual([
      {
        seq: 1,
        kind: "threw",
        method: "accept",
        args: [5],
        error:
          "TypeError: Failed to execute 'accept' on 'WebSocket': parameter 1 is not of type 'AcceptOptions'.",
      },
      {
        seq: 2,
        kind: "threw",
        method: "close",
        args: [1000, "x".repeat(200)],
        error: "SyntaxError: WebSocket close reason must not be longer than 123 bytes when UTF-8 encoded.",
      },
    ]);
  });

  it("records close() on a connecting client socket as the readyState change it causes", async () => {
    const ws = new WebSocketClass("ws://nowhere.test/");
    ws.close();
    expect(transcriptOf(ws).entries()).toEqual([
      {
        seq: 1,
        kind: "readyState",
        from: 0,
        to: 1,
        cause: "close() while connecting cancelled the connection",
      },
    ]);
    await settle();
  });

  it("keeps accept, send and close the class's own methods (nothing wraps the prototype)", () => {
    const [ws] = pair();
    const proto = Object.getPrototypeOf(ws) as Record<string, unknown>;
    for (const name of ["accept", "send", "close"]) {
      const method = proto[name] as (...args: unknown[]) => unknown;
      // A class method has no own prototype property and is not a bound or wrapping function.
      expect(Object.hasOwn(method, "prototype")).toBe(false);
      expect(Function.prototype.toString.call(method)).toMatch(new RegExp(`^${name}\\(\\.\\.\\.args\\)`));
    }
  });

  it("keeps WebSocket methods' names and lengths (workerd reports 0)", () => {
    const [ws] = pair();
    expect([ws.accept.name, ws.send.name, ws.close.name]).toEqual(["accept", "send", "close"]);
    expect([ws.accept.length, ws.send.length, ws.close.length]).toEqual([0, 0, 0]);
  });

  it("refuses what is not a workers-ws WebSocket", () => {
    expect(() => transcriptOf({} as WebSocket)).toThrow(
      "transcriptOf() needs a WebSocket created by workers-ws, got an object ([object Object]).",
    );
  });
});

describe("transcript: bounded", () => {
  useRuntime({ compatibilityDate: NEW, transcriptLimit: 3 });

  it("keeps the newest transcriptLimit entries and counts the dropped ones; the readyState history stays", async () => {
    const [client, server] = pair(true);
    for (const text of ["a", "b", "c", "d", "e"]) client.send(text);
    client.close(1000);
    await settle();
    const transcript = transcriptOf(client);
    expect(transcript.limit).toBe(3);
    expect(transcript.total).toBe(10);
    expect(transcript.dropped).toBe(7);
    expect(transcript.entries().map((entry) => `${entry.seq} ${entry.kind}`)).toEqual([
      "8 readyState",
      "9 close",
      "10 readyState",
    ]);
    expect(transcript.readyStates()).toEqual([1, 2, 3]);
    expect(transcript.acceptEntry?.seq).toBe(1);
    // The server's a-e, its close event and CLOSED, then the error after the handshake.
    expect(
      transcriptOf(server)
        .entries()
        .map((entry) => entry.kind),
    ).toEqual(["close", "readyState", "error"]);
  });
});

describe("transcript: strict mode", () => {
  useRuntime({ compatibilityDate: NEW, strict: true });

  it("records the strict-mode error of a second close()", () => {
    const [client] = pair(true);
    client.close(1000);
    expect(() => client.close(1000)).toThrow();
    expect(plain(client).at(-1)).toEqual({
      seq: 4,
      kind: "threw",
      method: "close",
      args: [1000],
      error:
        "TypeError: workers-ws strict: close() was called on a WebSocket that is already closing or closed; the runtime ignores this call.",
    });
  });
});

describe("transcript: off", () => {
  useRuntime({ compatibilityDate: NEW, transcript: false });

  it("records nothing, and says why when asked", async () => {
    const [client, server] = pair(true);
    client.send("x");
    expect(() => client.close(1004)).toThrow(DOMException);
    await settle();
    expect(() => transcriptOf(server)).toThrow(
      "workers-ws: this WebSocket has no transcript, because its runtime was created with the option transcript: false.",
    );
  });
});

describe("transcript: the manual close reply (2024)", () => {
  useRuntime({ compatibilityDate: OLD });

  it("shows the receiver staying CLOSING until it closes", async () => {
    const [client, server] = pair(true);
    client.close(1000, "bye");
    await settle();
    expect(transcriptOf(server).readyStates()).toEqual([1, 2]);
    server.close(1000, "bye");
    await settle();
    expect(transcriptOf(server).readyStates()).toEqual([1, 2, 3]);
    expect(transcriptOf(client).readyStates()).toEqual([1, 2, 3]);
  });
});

describe("transcript: waiting", () => {
  useRuntime({ compatibilityDate: NEW });

  it("resolves met on the entry waited for, timeout after real time even with fake timers, closed when nothing can come", async () => {
    vi.useFakeTimers();
    try {
      const [client, server] = pair(true);
      const transcript = transcriptOf(client);
      const met = transcript.waitFor((entry) => entry.kind === "received" && entry.data === "b", 1000);
      server.send("a");
      server.send("b");
      expect(await met).toBe("met");
      expect(await transcript.waitFor(() => false, 5)).toBe("timeout");
      server.close(1000);
      expect(await transcript.waitFor((entry) => entry.kind === "received", 1000)).toBe("closed");
      expect(() => transcript.waitFor(() => false, 0)).not.toThrow();
    } finally {
      vi.useRealTimers();
    }
  });

  it("rejects when the condition throws", async () => {
    const [client, server] = pair(true);
    const waiting = transcriptOf(client).waitFor(() => {
      throw new Error("broken condition");
    }, 1000);
    server.send("a");
    await expect(waiting).rejects.toThrow("broken condition");
  });
});

describe("transcript options", () => {
  it("defaults to 1000 entries", () => {
    expect(DEFAULT_TRANSCRIPT_LIMIT).toBe(1000);
    expect(createRuntime().transcriptLimit).toBe(1000);
    expect(createRuntime({ transcript: false }).transcriptLimit).toBe(0);
    expect(createRuntime({ transcriptLimit: 5 }).transcriptLimit).toBe(5);
  });

  it.each([0, -1, 1.5, "10", MAX_TRANSCRIPT_LIMIT + 1, Number.NaN])("refuses transcriptLimit %s", (limit) => {
    expect(() => createRuntime({ transcriptLimit: limit as number })).toThrow(
      `workers-ws option "transcriptLimit" must be a whole number from 1 to 1000000, got ${typeof limit === "string" ? `"${limit}"` : String(limit)}. To record nothing, set "transcript" to false.`,
    );
  });

  it("refuses a transcript that is not a boolean", () => {
    expect(() => createRuntime({ transcript: "yes" as unknown as boolean })).toThrow(
      'workers-ws option "transcript" must be true or false, got yes.',
    );
  });

  it("lists the transcript options among the valid ones", () => {
    expect(() => createRuntime({ transcripts: true } as never)).toThrow(
      'Unknown workers-ws option "transcripts". Valid options: compatibilityDate, compatibilityFlags, strict, onUncaughtError, transcript, transcriptLimit, transcriptBytes, network.',
    );
  });
});
