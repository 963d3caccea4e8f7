import { describe, expect, it } from "vitest";
import { readyStateOf, settle, type WebSocket } from "workers-ws";
import { NEW, OLD, Trace, useRuntime } from "../../support/trace.js";
import { acceptingFetch, TestHost, type TestState } from "./support/test-host.js";

// workerd-durable-objects-observed.md "Handlers" and "Close handshake": a hibernatable socket's
// frames go to webSocketMessage / webSocketClose, never to listeners, and its Close is not answered
// by itself at either date (workerd io/legacy-hibernation-manager.c++ readLoop).

/** A class whose handlers log what they get into `trace`, and reply as `reply` says. */
function tracingClass(trace: Trace, reply: { onClose?: "close" | "none"; echo?: boolean } = {}) {
  return class Room {
    constructor(readonly state: TestState) {}
    fetch(request: Request) {
      return acceptingFetch(this.state, request);
    }
    webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
      const shown = typeof message === "string" ? message : Object.prototype.toString.call(message);
      trace.log("s:webSocketMessage", shown, `rs=${ws.readyState}`);
      if (reply.echo) ws.send(`echo ${shown}`);
    }
    webSocketClose(ws: WebSocket, code: number, reason: string, wasClean: boolean) {
      trace.log("s:webSocketClose", code, reason, wasClean, `rs=${ws.readyState}`);
      if (reply.onClose === "close") ws.close(code, reason);
    }
    webSocketError(ws: WebSocket, error: unknown) {
      trace.log("s:webSocketError", String(error), `rs=${ws.readyState}`);
    }
  };
}

describe.each([OLD, NEW])("hibernatable handlers at %s", (date) => {
  const env = useRuntime({ compatibilityDate: date });

  it("delivers messages to webSocketMessage in order, strings as strings and binary as ArrayBuffer", async () => {
    const trace = new Trace();
    const host = new TestHost(tracingClass(trace, { echo: true }));
    const client = await host.connect();
    trace.tap("c", client);
    client.send("one");
    client.send(new Uint8Array([1, 2]));
    client.send("three");
    await settle();
    // webSocketMessage gets an ArrayBuffer whatever the socket's binaryType (a Blob at 2026 for
    // listeners). Each echo reaches the client before the next message reaches the object
    // (observed through stub.fetch in workerd 2026-11-17).
    expect(trace.lines).toEqual([
      "s:webSocketMessage one rs=1",
      "c:message echo one rs=1",
      "s:webSocketMessage [object ArrayBuffer] rs=1",
      "c:message echo [object ArrayBuffer] rs=1",
      "s:webSocketMessage three rs=1",
      "c:message echo three rs=1",
    ]);
    expect(env.uncaught).toEqual([]);
  });

  it("never dispatches to the server end's listeners", async () => {
    const trace = new Trace();
    let server: WebSocket | undefined;
    const Room = class extends tracingClass(trace) {
      override fetch(request: Request) {
        const response = super.fetch(request);
        server = this.state.getWebSockets()[0];
        server?.addEventListener("message", () => trace.log("s:listener"));
        return response;
      }
    };
    const host = new TestHost(Room);
    const client = await host.connect();
    client.send("hi");
    await settle();
    expect(server).toBeDefined();
    expect(trace.lines).toEqual(["s:webSocketMessage hi rs=1"]);
  });

  it("does not answer a Close: the client stays CLOSING unless webSocketClose calls close()", async () => {
    const trace = new Trace();
    const host = new TestHost(tracingClass(trace));
    const client = await host.connect();
    trace.tap("c", client);
    const [server] = host.state.getWebSockets();
    client.close(1000, "client done");
    await settle();
    expect(trace.lines).toEqual(["s:webSocketClose 1000 client done true rs=2"]);
    expect(readyStateOf(client)).toBe(2);
    expect(readyStateOf(server as WebSocket)).toBe(2);
    // It left getWebSockets() once its webSocketClose ran, though it is still CLOSING.
    expect(host.state.getWebSockets()).toEqual([]);
    expect(host.manager.size).toBe(0);
  });

  it("still lists the socket inside webSocketClose and its microtasks", async () => {
    const seen: string[] = [];
    const Room = class {
      constructor(readonly state: TestState) {}
      fetch(request: Request) {
        return acceptingFetch(this.state, request);
      }
      webSocketClose() {
        seen.push(
          `listed ${this.state.getWebSockets().length}, tagged ${this.state.getWebSockets("t").length}`,
        );
        queueMicrotask(() => seen.push(`microtask listed ${this.state.getWebSockets().length}`));
      }
    };
    const host = new TestHost(Room);
    const client = await host.connect("/?tags=t");
    client.close(1000, "bye");
    await settle();
    // Observed in workerd 2026-11-17: "listed 1, tagged 1", then "microtask listed 1".
    expect(seen).toEqual(["listed 1, tagged 1", "microtask listed 1"]);
    expect(host.state.getWebSockets()).toEqual([]);
  });

  it("sends what webSocketClose sends with ws.close(), and send() after it throws", async () => {
    const trace = new Trace();
    let sendAfterClose: unknown;
    const Room = class extends tracingClass(trace, { onClose: "close" }) {
      override webSocketClose(ws: WebSocket, code: number, reason: string, wasClean: boolean) {
        super.webSocketClose(ws, code, reason, wasClean);
        trace.log("s:after close()", `rs=${ws.readyState}`);
        try {
          ws.send("late");
        } catch (error) {
          sendAfterClose = error;
        }
      }
    };
    const host = new TestHost(Room);
    const client = await host.connect();
    trace.tap("c", client);
    client.close(1000, "client done");
    await settle();
    expect(trace.lines).toEqual([
      "s:webSocketClose 1000 client done true rs=2",
      "s:after close() rs=3",
      "c:close 1000 client done true rs=3",
    ]);
    expect(sendAfterClose).toBeInstanceOf(TypeError);
    expect((sendAfterClose as Error).message).toBe("Can't call WebSocket send() after close().");
  });

  it("ws.close() with no arguments in webSocketClose: the client sees 1005", async () => {
    const trace = new Trace();
    const Room = class extends tracingClass(trace) {
      override webSocketClose(ws: WebSocket) {
        ws.close();
      }
    };
    const host = new TestHost(Room);
    const client = await host.connect();
    trace.tap("c", client);
    client.close(1000, "bye");
    await settle();
    expect(trace.lines).toEqual(["c:close 1005  true rs=3"]);
  });

  it("an object-initiated close: readyState 2, the second close() is ignored, webSocketClose gets the reply", async () => {
    const trace = new Trace();
    let server: WebSocket | undefined;
    const Room = class extends tracingClass(trace) {
      override webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
        if (message !== "bye me") return;
        server = ws;
        ws.close(4001, "server bye");
        trace.log("s:after close()", `rs=${ws.readyState}`);
        ws.close(4002, "again");
      }
    };
    const host = new TestHost(Room);
    const client = await host.connect();
    trace.tap("c", client);
    // At 2024 the client end answers only if told to.
    if (date === OLD) client.addEventListener("close", (e) => client.close(e.code, e.reason));
    client.send("bye me");
    await settle();
    // The side that answered the Close (the client) then gets the error every answering end gets
    // (workerd-observed.md 22-error-events).
    expect(trace.lines).toEqual([
      "s:after close() rs=2",
      `c:close 4001 server bye true rs=${date === OLD ? 2 : 3}`,
      "s:webSocketClose 4001 server bye true rs=3",
      "c:error Uncaught Error: Network connection lost. rs=3",
    ]);
    expect(readyStateOf(server as WebSocket)).toBe(3);
    expect(host.state.getWebSockets()).toEqual([]);
  });

  it("at 2024 an object-initiated close that the client never answers keeps the socket listed", async () => {
    if (date !== OLD) return;
    const trace = new Trace();
    const Room = class extends tracingClass(trace) {
      override webSocketMessage(ws: WebSocket) {
        ws.close(4001, "server bye");
      }
    };
    const host = new TestHost(Room);
    const client = await host.connect();
    trace.tap("c", client);
    client.send("x");
    await settle();
    expect(trace.lines).toEqual(["c:close 4001 server bye true rs=2"]);
    expect(host.state.getWebSockets()).toHaveLength(1);
  });

  it("reports a throwing handler as uncaught; the socket stays open and later messages arrive", async () => {
    const trace = new Trace();
    const Room = class extends tracingClass(trace) {
      override webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
        super.webSocketMessage(ws, message);
        if (message === "boom") throw new Error("handler failed");
      }
    };
    const host = new TestHost(Room);
    const client = await host.connect();
    trace.tap("c", client);
    client.send("boom");
    client.send("after");
    await settle();
    expect(trace.lines).toEqual(["s:webSocketMessage boom rs=1", "s:webSocketMessage after rs=1"]);
    expect(host.uncaught.map(String)).toEqual(["Error: handler failed"]);
    expect(readyStateOf(client)).toBe(1);
    expect(host.state.getWebSockets()).toHaveLength(1);
  });

  it("drops messages and closes silently when the class has no handlers", async () => {
    const Bare = class {
      constructor(readonly state: TestState) {}
      fetch(request: Request) {
        return acceptingFetch(this.state, request);
      }
    };
    const trace = new Trace();
    const host = new TestHost(Bare);
    const client = await host.connect();
    trace.tap("c", client);
    client.send("anyone?");
    client.close(1000, "done");
    await settle();
    expect(trace.lines).toEqual([]);
    expect(readyStateOf(client)).toBe(2);
    expect(host.state.getWebSockets()).toEqual([]);
    expect(env.uncaught).toEqual([]);
  });

  it("lets async handlers overlap: the second call starts before the first settles", async () => {
    const trace = new Trace();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const Room = class extends tracingClass(trace) {
      override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
        trace.log("start", message);
        if (message === "first") await gate;
        trace.log("end", message);
        ws.send(`done ${message}`);
      }
    };
    const host = new TestHost(Room);
    const client = await host.connect();
    trace.tap("c", client);
    client.send("first");
    client.send("second");
    await settle();
    release();
    await settle();
    expect(trace.lines).toEqual([
      "start first",
      "start second",
      "end second",
      "c:message done second rs=1",
      "end first",
      "c:message done first rs=1",
    ]);
  });

  it("runs the handler's microtasks before the client sees its reply", async () => {
    const trace = new Trace();
    const Room = class extends tracingClass(trace) {
      override webSocketMessage(ws: WebSocket) {
        queueMicrotask(() => trace.log("s:microtask"));
        ws.send("reply");
      }
    };
    const host = new TestHost(Room);
    const client = await host.connect();
    trace.tap("c", client);
    client.send("x");
    await settle();
    expect(trace.lines).toEqual(["s:microtask", "c:message reply rs=1"]);
  });

  it("a client end dropped without a Close: webSocketClose 1006, not clean", async () => {
    const trace = new Trace();
    const host = new TestHost(tracingClass(trace));
    await host.connect();
    // The runtime's teardown drops every connection, as a worker that goes away does.
    const [server] = host.state.getWebSockets();
    env.runtime.dispose();
    await settle();
    expect(server).toBeDefined();
    expect(trace.lines).toEqual([
      "s:webSocketClose 1006 WebSocket disconnected without sending Close frame. false rs=2",
    ]);
    expect(host.state.getWebSockets()).toEqual([]);
  });
});
