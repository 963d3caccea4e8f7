import {
  abortIoContext,
  createIoContext,
  dispatchFetch,
  type HibernationHandlerName,
  type HibernationHost,
  HibernationManager,
  type IoContext,
  Response,
  type WebSocket,
  WebSocketPair,
} from "workers-ws";

/**
 * A small Durable Object host for the hibernation tests (test code, not product): one object id,
 * an instance of `cls` constructed on demand, each instance in an IoContext of its own, and a
 * HibernationManager kept across evictions, as the real namespace keeps one per id.
 */

/** The DurableObjectState members the tests' classes use. */
export interface TestState {
  readonly id: string;
  acceptWebSocket(ws: WebSocket, tags?: string[]): void;
  getWebSockets(tag?: string): WebSocket[];
  getTags(ws: WebSocket): string[];
  setWebSocketAutoResponse(pair?: unknown): void;
  getWebSocketAutoResponse(): unknown;
  getWebSocketAutoResponseTimestamp(ws: WebSocket): Date | null;
  setHibernatableWebSocketEventTimeout(ms?: number | null): void;
  getHibernatableWebSocketEventTimeout(): number | null;
}

export type TestObjectClass = new (state: TestState, env: object) => object;

export class TestHost implements HibernationHost {
  readonly label: { className: string; bindingName?: string; id: string };
  readonly manager: HibernationManager;
  readonly state: TestState;
  /** How many times an instance was constructed. */
  constructions = 0;
  /** Errors a handler threw or rejected with (workerd logs them as uncaught). */
  readonly uncaught: unknown[] = [];
  /** Reasons abortIoContext() was called with. */
  readonly aborts: Error[] = [];
  #instance: object | undefined;
  #context: IoContext = createIoContext();
  #constructing: Promise<object> | undefined;
  readonly #aborted = new WeakSet<IoContext>();

  constructor(
    readonly cls: TestObjectClass,
    options: { bindingName?: string; id?: string; constructAsync?: boolean } = {},
  ) {
    this.label = {
      className: cls.name,
      id: options.id ?? "0000000000000000000000000000000000000000000000000000000000000001",
      ...(options.bindingName === undefined ? {} : { bindingName: options.bindingName }),
    };
    this.manager = new HibernationManager(this);
    const m = this.manager;
    this.state = {
      id: this.label.id,
      acceptWebSocket: (...a) => m.acceptWebSocket(...a),
      getWebSockets: (...a) => m.getWebSockets(...a),
      getTags: (...a) => m.getTags(...a),
      setWebSocketAutoResponse: (...a) => m.setWebSocketAutoResponse(...a),
      getWebSocketAutoResponse: () => m.getWebSocketAutoResponse(),
      getWebSocketAutoResponseTimestamp: (...a) => m.getWebSocketAutoResponseTimestamp(...a),
      setHibernatableWebSocketEventTimeout: (...a) => m.setHibernatableWebSocketEventTimeout(...a),
      getHibernatableWebSocketEventTimeout: () => m.getHibernatableWebSocketEventTimeout(),
    };
    this.#constructAsync = options.constructAsync ?? false;
  }

  readonly #constructAsync: boolean;

  ioContext(): IoContext {
    return this.#context;
  }

  /** The instance in memory, if any. */
  get instance(): object | undefined {
    return this.#instance;
  }

  /** Drops the instance and its IoContext (evictDurableObject). */
  evict(): void {
    this.#instance = undefined;
    this.#constructing = undefined;
    this.#context = createIoContext();
  }

  /** The event timeout cut a handler off: the instance moves to a fresh IoContext. */
  abortIoContext(reason: Error): void {
    this.aborts.push(reason);
    this.#aborted.add(this.#context);
    abortIoContext(this.#context);
    this.#context = createIoContext();
  }

  /** The instance, constructed in the current context if there is none. */
  #ensureInstance(): object | Promise<object> {
    if (this.#instance !== undefined) return this.#instance;
    if (this.#constructing !== undefined) return this.#constructing;
    const build = () => {
      this.constructions++;
      const instance = this.#context.run(() => new this.cls(this.state, {}));
      this.#instance = instance;
      this.#constructing = undefined;
      return instance;
    };
    if (!this.#constructAsync) return build();
    // As a constructor with blockConcurrencyWhile would: the instance is ready a tick later.
    this.#constructing = Promise.resolve().then(build);
    return this.#constructing;
  }

  async callHandler(name: HibernationHandlerName, args: unknown[]): Promise<"called" | "missing"> {
    const ready = this.#ensureInstance();
    const instance = ready instanceof Promise ? await ready : ready;
    const method = (instance as Record<string, unknown>)[name];
    if (typeof method !== "function") return "missing";
    const context = this.#context;
    try {
      await context.run(() => method.apply(instance, args));
    } catch (error) {
      // A handler whose IoContext abortIoContext() aborted was cut off: nothing is reported.
      if (!this.#aborted.has(context)) this.uncaught.push(error);
    }
    return "called";
  }

  /** A request to the object's fetch() (constructing it first); the caller gets its own end. */
  async fetch(path = "/"): Promise<Response> {
    const ready = this.#ensureInstance();
    const instance = (ready instanceof Promise ? await ready : ready) as {
      fetch(request: Request): Response | Promise<Response>;
    };
    return dispatchFetch(
      { fetch: (request: Request) => instance.fetch(request) },
      `http://object${path}`,
      { headers: { Upgrade: "websocket" } },
      { ioContext: this.#context },
    );
  }

  /** Opens a client socket to the object (its fetch() accepts the server end) and accepts it. */
  async connect(path = "/"): Promise<WebSocket> {
    const response = await this.fetch(path);
    const ws = (response as unknown as { webSocket: WebSocket | null }).webSocket;
    if (!ws) throw new Error(`the object answered ${response.status} without a WebSocket`);
    ws.accept();
    return ws;
  }
}

/** Server end accepted with acceptWebSocket(tags from the query string "?tags=a,b"). */
export function acceptingFetch(state: TestState, request: Request): Response {
  const { 0: client, 1: server } = new WebSocketPair();
  const tags = new URL(request.url).searchParams.get("tags");
  state.acceptWebSocket(server, tags === null ? undefined : tags.split(","));
  return new Response(null, { status: 101, webSocket: client });
}
