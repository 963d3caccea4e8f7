/**
 * Every public function and method, each with one argument position that receives the bad values.
 * `workers: true` marks the Workers APIs, whose exact errors are checked against workerd by
 * test/conformance/scenarios/30-bad-input.js; the others are this package's own API, which must
 * answer with a typed error that names the problem.
 */
import { describeOpenSockets, parseEnvironmentOptions } from "vitest-environment-workers-ws";
import {
  CloseEvent,
  createExecutionContext,
  createRuntime,
  createWebSocketError,
  dispatchFetch,
  ErrorEvent,
  Event,
  ExecutionContext,
  errorClassOf,
  fetch,
  isValidCloseCode,
  isWebSocketError,
  MessageEvent,
  Response,
  readyStateOf,
  resolveCompat,
  returnToCaller,
  routedPatterns,
  routeWorker,
  routeWorkerModule,
  type ServedWorker,
  serve,
  serviceWorker,
  settle,
  transcriptOf,
  WebSocket,
  WebSocketPair,
  waitOnExecutionContext,
  webSocketErrorKind,
} from "workers-ws";
import { argumentsWith, MISSING } from "./bad-values.js";

/** An options object holding `value` under `key`; a missing value leaves the member out. */
const member = (key: string, value: unknown): Record<string, unknown> =>
  value === MISSING ? {} : { [key]: value };

export interface Call {
  readonly api: string;
  readonly workers: boolean;
  run(value: unknown): unknown;
}

type Fn = (...args: unknown[]) => unknown;
const construct = (Ctor: unknown, args: unknown[]): unknown =>
  Reflect.construct(Ctor as new (...a: unknown[]) => unknown, args);

function pairEnd(): WebSocket {
  return new WebSocketPair()[0];
}
function acceptedEnd(): WebSocket {
  const ws = pairEnd();
  ws.accept();
  return ws;
}
const method = (ws: WebSocket, name: string): Fn => (ws as unknown as Record<string, Fn>)[name]!.bind(ws);
const listener = () => {};
const upgrade = { headers: new Headers({ upgrade: "websocket" }) };
const echoWorker = { fetch: () => new Response("ok") };
const loadEcho = async () => echoWorker;

/** Calls `add`, then removes the route it made, so one bad value's route cannot clash with the next. */
const routed = (add: () => unknown): void => {
  const unroute = add();
  if (typeof unroute === "function") unroute();
};
/** Awaits a serve() call and stops the server it started, if it started one. */
const served = async (start: () => unknown): Promise<void> => {
  const server = (await start()) as ServedWorker | undefined;
  await server?.close();
};

export const CALLS: readonly Call[] = [
  { api: "new WebSocketPair(·)", workers: true, run: (v) => construct(WebSocketPair, argumentsWith([], v)) },
  { api: "new WebSocket(·)", workers: true, run: (v) => construct(WebSocket, argumentsWith([], v)) },
  {
    api: "new WebSocket(url, ·)",
    workers: true,
    run: (v) => (construct(WebSocket, argumentsWith(["ws://127.0.0.1:1"], v)) as WebSocket).close(),
  },
  { api: "ws.accept(·)", workers: true, run: (v) => method(pairEnd(), "accept")(...argumentsWith([], v)) },
  { api: "ws.send(·)", workers: true, run: (v) => method(acceptedEnd(), "send")(...argumentsWith([], v)) },
  { api: "ws.close(·)", workers: true, run: (v) => method(acceptedEnd(), "close")(...argumentsWith([], v)) },
  {
    api: "ws.close(1000, ·)",
    workers: true,
    run: (v) => method(acceptedEnd(), "close")(...argumentsWith([1000], v)),
  },
  {
    api: "ws.serializeAttachment(·)",
    workers: true,
    run: (v) => method(pairEnd(), "serializeAttachment")(...argumentsWith([], v)),
  },
  {
    api: "ws.deserializeAttachment(·)",
    workers: true,
    run: (v) => method(pairEnd(), "deserializeAttachment")(...argumentsWith([], v)),
  },
  {
    api: "ws.addEventListener(·, fn)",
    workers: true,
    run: (v) => method(pairEnd(), "addEventListener")(...argumentsWith([], v, [listener])),
  },
  {
    api: "ws.addEventListener('message', ·)",
    workers: true,
    run: (v) => method(pairEnd(), "addEventListener")(...argumentsWith(["message"], v)),
  },
  {
    api: "ws.addEventListener('message', fn, ·)",
    workers: true,
    run: (v) => method(pairEnd(), "addEventListener")(...argumentsWith(["message", listener], v)),
  },
  {
    api: "ws.removeEventListener(·, fn)",
    workers: true,
    run: (v) => method(pairEnd(), "removeEventListener")(...argumentsWith([], v, [listener])),
  },
  {
    api: "ws.removeEventListener('message', ·)",
    workers: true,
    run: (v) => method(pairEnd(), "removeEventListener")(...argumentsWith(["message"], v)),
  },
  {
    api: "ws.dispatchEvent(·)",
    workers: true,
    run: (v) => method(pairEnd(), "dispatchEvent")(...argumentsWith([], v)),
  },
  {
    api: "ws.binaryType = ·",
    workers: true,
    run: (v) => {
      const ws = pairEnd();
      (ws as unknown as { binaryType: unknown }).binaryType = v;
      return ws.binaryType;
    },
  },
  {
    api: "new Response(·)",
    workers: true,
    run: (v) => (construct(Response, argumentsWith([], v)) as Response).status,
  },
  {
    api: "new Response(null, ·)",
    workers: true,
    run: (v) => (construct(Response, argumentsWith([null], v)) as Response).status,
  },
  {
    api: "new Response(null, {status: ·})",
    workers: true,
    run: (v) => new Response(null, { status: v as number }).status,
  },
  {
    api: "new Response(null, {status: 101, webSocket: ·})",
    workers: true,
    run: (v) => new Response(null, { status: 101, webSocket: v as WebSocket }).status,
  },
  ...[Event, MessageEvent, CloseEvent, ErrorEvent].flatMap((Ctor): Call[] => [
    {
      api: `new ${Ctor.name}(·)`,
      workers: true,
      run: (v) => (construct(Ctor, argumentsWith([], v)) as Event).type,
    },
    {
      api: `new ${Ctor.name}('x', ·)`,
      workers: true,
      run: (v) => (construct(Ctor, argumentsWith(["x"], v)) as Event).type,
    },
  ]),
  { api: "createRuntime(·)", workers: false, run: (v) => (createRuntime as Fn)(...argumentsWith([], v)) },
  ...[
    "compatibilityDate",
    "compatibilityFlags",
    "strict",
    "onUncaughtError",
    "transcript",
    "transcriptLimit",
    "transcriptBytes",
    "network",
  ].map(
    (key): Call => ({
      api: `createRuntime({${key}: ·})`,
      workers: false,
      run: (v) => (createRuntime as Fn)(member(key, v)),
    }),
  ),
  {
    api: "runtime.install(·)",
    workers: false,
    run: (v) => {
      const restore = (createRuntime().install as Fn)(...argumentsWith([], v)) as () => void;
      restore();
    },
  },
  {
    api: "runtime.activate(·)",
    workers: false,
    run: (v) => {
      const runtime = createRuntime();
      const deactivate = (runtime.activate as Fn)(...argumentsWith([], v)) as () => void;
      deactivate();
      runtime.dispose();
    },
  },
  {
    api: "runtime.onUncaughtError(·)",
    workers: false,
    run: (v) => (createRuntime().onUncaughtError as Fn)(...argumentsWith([], v)),
  },
  { api: "settle(·)", workers: false, run: (v) => (settle as Fn)(...argumentsWith([], v)) },
  { api: "returnToCaller(·, request)", workers: false, run: (v) => (returnToCaller as Fn)(v, upgrade) },
  {
    api: "returnToCaller(response, ·)",
    workers: false,
    run: (v) => (returnToCaller as Fn)(new Response(null, { status: 101, webSocket: pairEnd() }), v),
  },
  { api: "dispatchFetch(·, url)", workers: false, run: (v) => (dispatchFetch as Fn)(v, "http://x/") },
  { api: "dispatchFetch(worker, ·)", workers: false, run: (v) => (dispatchFetch as Fn)(echoWorker, v) },
  {
    api: "dispatchFetch(worker, url, ·)",
    workers: false,
    run: (v) => (dispatchFetch as Fn)(echoWorker, "http://x/", v),
  },
  {
    api: "dispatchFetch(worker, url, undefined, ·)",
    workers: false,
    run: (v) => (dispatchFetch as Fn)(echoWorker, "http://x/", undefined, v),
  },
  {
    api: "dispatchFetch(worker, url, undefined, {ioContext: ·})",
    workers: false,
    run: (v) => (dispatchFetch as Fn)(echoWorker, "http://x/", undefined, member("ioContext", v)),
  },
  { api: "serviceWorker(·)", workers: false, run: (v) => (serviceWorker as Fn)(...argumentsWith([], v)) },
  { api: "readyStateOf(·)", workers: false, run: (v) => (readyStateOf as Fn)(...argumentsWith([], v)) },
  {
    api: "fetch(·)",
    workers: false,
    run: (v) => (fetch as Fn)(...argumentsWith([], v)),
  },
  {
    api: "fetch(url, ·)",
    workers: false,
    run: (v) => (fetch as Fn)(...argumentsWith(["http://127.0.0.1:1/"], v)),
  },
  {
    api: "new ExecutionContext(·)",
    workers: false,
    run: (v) => construct(ExecutionContext, argumentsWith([], v)),
  },
  {
    api: "createExecutionContext(·)",
    workers: false,
    run: (v) => (createExecutionContext as Fn)(...argumentsWith([], v)),
  },
  {
    api: "ctx.waitUntil(·)",
    workers: false,
    run: (v) => {
      const ctx = createExecutionContext();
      return (ctx.waitUntil as Fn).call(ctx, ...argumentsWith([], v));
    },
  },
  {
    api: "ctx.waitUntil called on ·",
    workers: false,
    run: (v) =>
      (createExecutionContext().waitUntil as Fn).call(v === MISSING ? undefined : v, Promise.resolve()),
  },
  {
    api: "waitOnExecutionContext(·)",
    workers: false,
    run: (v) => (waitOnExecutionContext as Fn)(...argumentsWith([], v)),
  },
  {
    api: "routeWorker(·, worker)",
    workers: false,
    run: (v) => routed(() => (routeWorker as Fn)(v, echoWorker)),
  },
  {
    api: "routeWorker('bad.test', ·)",
    workers: false,
    run: (v) => routed(() => (routeWorker as Fn)(...argumentsWith(["bad.test"], v))),
  },
  {
    api: "routeWorker('bad.test', worker, ·)",
    workers: false,
    run: (v) => routed(() => (routeWorker as Fn)("bad.test", echoWorker, v)),
  },
  {
    api: "routeWorkerModule(·, load)",
    workers: false,
    run: (v) => routed(() => (routeWorkerModule as Fn)(v, loadEcho)),
  },
  {
    api: "routeWorkerModule('bad.test', ·)",
    workers: false,
    run: (v) => routed(() => (routeWorkerModule as Fn)(...argumentsWith(["bad.test"], v))),
  },
  {
    api: "routeWorkerModule('bad.test', load, ·)",
    workers: false,
    run: (v) => routed(() => (routeWorkerModule as Fn)("bad.test", loadEcho, v)),
  },
  { api: "routedPatterns(·)", workers: false, run: (v) => (routedPatterns as Fn)(...argumentsWith([], v)) },
  { api: "serve(·)", workers: false, run: (v) => served(() => (serve as Fn)(...argumentsWith([], v))) },
  { api: "serve(worker, ·)", workers: false, run: (v) => served(() => (serve as Fn)(echoWorker, v)) },
  ...["port", "hostname", "env"].map(
    (key): Call => ({
      api: `serve(worker, {${key}: ·})`,
      workers: false,
      run: (v) => served(() => (serve as Fn)(echoWorker, member(key, v))),
    }),
  ),
  { api: "resolveCompat(·)", workers: false, run: (v) => (resolveCompat as Fn)(...argumentsWith([], v)) },
  ...["compatibilityDate", "compatibilityFlags"].map(
    (key): Call => ({
      api: `resolveCompat({${key}: ·})`,
      workers: false,
      run: (v) => (resolveCompat as Fn)(member(key, v)),
    }),
  ),
  {
    api: "createWebSocketError(·)",
    workers: false,
    run: (v) => (createWebSocketError as Fn)(...argumentsWith([], v)),
  },
  {
    api: "createWebSocketError('InvalidCloseCode', ·)",
    workers: false,
    run: (v) => (createWebSocketError as Fn)(...argumentsWith(["InvalidCloseCode"], v)),
  },
  { api: "errorClassOf(·)", workers: false, run: (v) => (errorClassOf as Fn)(...argumentsWith([], v)) },
  {
    api: "webSocketErrorKind(·)",
    workers: false,
    run: (v) => (webSocketErrorKind as Fn)(...argumentsWith([], v)),
  },
  {
    api: "isWebSocketError(error, ·)",
    workers: false,
    run: (v) => (isWebSocketError as Fn)(new TypeError("x"), ...argumentsWith([], v)),
  },
  {
    api: "isValidCloseCode(·, false)",
    workers: false,
    run: (v) => (isValidCloseCode as Fn)(...argumentsWith([], v, [false])),
  },
  {
    api: "describeOpenSockets(·)",
    workers: false,
    run: (v) => (describeOpenSockets as Fn)(...argumentsWith([], v)),
  },
  { api: "transcriptOf(·)", workers: false, run: (v) => (transcriptOf as Fn)(...argumentsWith([], v)) },
  {
    api: "parseEnvironmentOptions(·)",
    workers: false,
    run: (v) => (parseEnvironmentOptions as Fn)(...argumentsWith([], v)),
  },
  {
    api: 'parseEnvironmentOptions({"workers-ws": ·})',
    workers: false,
    run: (v) => (parseEnvironmentOptions as Fn)(member("workers-ws", v)),
  },
  ...[
    "compatibilityDate",
    "compatibilityFlags",
    "strict",
    "transcript",
    "transcriptLimit",
    "transcriptBytes",
    "uncaughtErrors",
    "openSockets",
    "network",
  ].map(
    (key): Call => ({
      api: `parseEnvironmentOptions({"workers-ws": {${key}: ·}})`,
      workers: false,
      run: (v) => (parseEnvironmentOptions as Fn)({ "workers-ws": member(key, v) }),
    }),
  ),
];
