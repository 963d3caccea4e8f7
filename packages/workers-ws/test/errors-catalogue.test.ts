import { describe, expect, it } from "vitest";
import {
  CloseEvent,
  createWebSocketError,
  Event,
  errorClassOf,
  isWebSocketError,
  MessageEvent,
  Response,
  settle,
  WEB_SOCKET_ERRORS,
  WebSocket,
  type WebSocketErrorKind,
  WebSocketErrorKinds,
  WebSocketPair,
  webSocketErrorKind,
} from "workers-ws";
import { NEW, pair, thrownBy, useRuntime } from "./support/trace.js";

// The catalogue holds every error the runtime throws (texts from workerd-observed.md §4, each
// checked with the probe); webSocketErrorKind() must name each one, whether we threw it or it
// only has the same class and message (an error from real workerd).

/** Arguments for each kind's message; chosen so that no other kind's template matches the text. */
const SAMPLES: Record<WebSocketErrorKind, unknown[]> = {
  DurableObjectIdMalformed: [],
  DurableObjectIdOtherNamespace: [],
  JurisdictionNotImplemented: [],
  RpcMethodMissing: ["nope"],
  RpcReservedMethod: ["alarm"],
  RpcNotDurableObjectClass: [],
  DurableObjectNoFetch: [],
  DurableObjectAborted: [],
  StorageKeyTooLarge: [2049],
  StorageValueTooLarge: [200013],
  StorageTooManyKeys: [129],
  StoragePutUndefined: [],
  StorageListLimit: [],
  StorageListStartAndStartAfter: [],
  StorageDeleteAllInTransaction: [],
  SqlNotEnabled: [],
  NotAccepted: [],
  SendAfterClose: [],
  SendMissingArgument: [],
  InvalidCloseCode: [1004],
  IntegerOutOfRange: [],
  CloseReasonTooLong: [],
  ReasonWithoutCode: [],
  AcceptOptionsType: [],
  AcceptAfterResponse: [],
  AcceptOnClientSocket: [],
  AttachmentTooLarge: [17006],
  ConstructorNeedsNew: ["WebSocketPair"],
  IllegalConstructor: [],
  IllegalInvocation: [],
  WebSocketUrlNotString: [],
  EventTypeNotString: ["CloseEvent"],
  DispatchNotAnEvent: [],
  ResponseStatusNeedsWebSocket: [],
  WebSocketNeedsStatus101: [],
  ResponseBodyWithNullBodyStatus: [],
  ResponseWebSocketWrongType: [],
  CloneWebSocketResponse: [],
  ResponseInitType: [],
  AlreadyUsedInResponse: [],
  AcceptedSocketInResponse: [],
  ClientSocketInResponse: [],
  UpgradeHeaderMissing: [],
  CrossRequestIo: [],
  HandlerResultNotPromise: [],
  HandlerResultNotResponse: [],
  RespondWithTwice: [],
  RespondWithType: [],
  InternalError: ["abc123"],
  HandshakeNot101: [426],
  FetchUnknownProtocol: ["ftp://files.example/"],
  FetchRedirectMode: [],
  RedirectInvalidLocation: [],
  RedirectTooMany: ["http://a.example/, http://b.example/"],
  RedirectOneTimeBody: [],
  CaptureNotSupported: ["addEventListener", "useCapture"],
  EventInitType: ["Event", "Init"],
  NotSerializable: ["WebSocket"],
  ArgumentType: ["addEventListener", "EventTarget", 1, "string"],
  DictionaryFieldType: ["signal", "AddEventListenerOptions", "AbortSignal"],
  ArrayElementType: [0, "MessagePort"],
  AcceptAfterHibernation: [],
  HibernatableSocketInResponse: [],
  AcceptWebSocketAlreadyAccepted: [],
  AcceptWebSocketPeerNotAwaiting: [],
  HibernatableIncompatibleState: [],
  TooManyHibernatableSockets: [],
  TooManyTags: [],
  TagTooLong: ["a-very-long-tag"],
  TagsBeforeAcceptWebSocket: [],
  TagsOfPlainSocket: [],
  EventTimeoutTooLong: [],
  AutoResponseRequestTooLarge: [2049],
  AutoResponseResponseTooLarge: [2050],
  Uint32NotInteger: [],
  Uint32Negative: [],
  Uint32OutOfRange: [],
  StrictCloseAfterClose: [],
  StrictUseAfterResponse: ["send"],
};

const kinds = Object.keys(WEB_SOCKET_ERRORS) as WebSocketErrorKind[];
const create = (kind: WebSocketErrorKind) =>
  (createWebSocketError as (k: WebSocketErrorKind, ...a: unknown[]) => Error)(kind, ...SAMPLES[kind]);

/** An error with the same class and message, made without the catalogue. */
function lookalike(error: Error): Error {
  if (error instanceof DOMException) return new DOMException(error.message, error.name);
  const ctor = error.constructor as new (message: string) => Error;
  return new ctor(error.message);
}

describe("the error catalogue", () => {
  it("has a sample for every kind, and the kinds as constants", () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...kinds].sort());
    for (const kind of kinds) expect(WebSocketErrorKinds[kind]).toBe(kind);
  });

  it.each(kinds)("builds %s with its class and message, and recognises it", (kind) => {
    const error = create(kind);
    const def = WEB_SOCKET_ERRORS[kind] as { errorClass: string; message: (...a: unknown[]) => string };
    expect(errorClassOf(error)).toBe(def.errorClass);
    expect(error.message).toBe(def.message(...SAMPLES[kind]));
    expect(webSocketErrorKind(error)).toBe(kind);
    expect(isWebSocketError(error, kind)).toBe(true);
    expect(isWebSocketError(error)).toBe(true);
  });

  it.each(kinds)("recognises %s by class and message alone", (kind) => {
    expect(webSocketErrorKind(lookalike(create(kind)))).toBe(kind);
  });

  it("does not recognise the right message with the wrong class, or anything else", () => {
    expect(webSocketErrorKind(new Error(create("NotAccepted").message))).toBeUndefined();
    expect(webSocketErrorKind(new RangeError(create("SendAfterClose").message))).toBeUndefined();
    expect(
      webSocketErrorKind(new DOMException("Invalid WebSocket close code: 1004.", "SyntaxError")),
    ).toBeUndefined();
    expect(webSocketErrorKind(new TypeError("something else"))).toBeUndefined();
    expect(webSocketErrorKind("Can't call WebSocket send() after close().")).toBeUndefined();
    expect(webSocketErrorKind(null)).toBeUndefined();
    expect(isWebSocketError(new TypeError("x"))).toBe(false);
    expect(isWebSocketError(create("NotAccepted"), "SendAfterClose")).toBe(false);
  });

  it("fills the slots of a template with any value", () => {
    expect(
      webSocketErrorKind(new DOMException("Invalid WebSocket close code: 65535.", "InvalidAccessError")),
    ).toBe("InvalidCloseCode");
    expect(
      webSocketErrorKind(
        new TypeError(
          "Failed to execute 'removeEventListener' on 'EventTarget': parameter 2 is not of type 'Object'.",
        ),
      ),
    ).toBe("ArgumentType");
  });
});

describe("errors the runtime throws", () => {
  useRuntime({ compatibilityDate: NEW });

  it("are recognised by kind", async () => {
    const [c, s] = pair();
    const [x, y] = pair(true);
    x.close(1000);
    await settle();
    const thrown: Array<[WebSocketErrorKind, unknown]> = [
      ["NotAccepted", thrownBy(() => c.send("x"))],
      ["SendMissingArgument", thrownBy(() => (c.send as () => void)())],
      ["InvalidCloseCode", thrownBy(() => c.close(1006))],
      ["IntegerOutOfRange", thrownBy(() => c.close(2 ** 31))],
      ["CloseReasonTooLong", thrownBy(() => c.close(1000, "x".repeat(124)))],
      ["ReasonWithoutCode", thrownBy(() => c.close(undefined, "r"))],
      ["AcceptOptionsType", thrownBy(() => c.accept(5 as never))],
      ["SendAfterClose", thrownBy(() => x.send("x"))],
      ["AcceptAfterResponse", thrownBy(() => y.accept())],
      ["AttachmentTooLarge", thrownBy(() => c.serializeAttachment("x".repeat(20000)))],
      ["NotSerializable", thrownBy(() => c.serializeAttachment(s))],
      ["ConstructorNeedsNew", thrownBy(() => (WebSocketPair as unknown as () => void)())],
      ["WebSocketUrlNotString", thrownBy(() => new (WebSocket as unknown as new () => unknown)())],
      ["EventTypeNotString", thrownBy(() => new (CloseEvent as unknown as new () => unknown)())],
      ["EventInitType", thrownBy(() => new Event("x", 5 as never))],
      ["DictionaryFieldType", thrownBy(() => new MessageEvent("x", { ports: 5 as never }))],
      ["ArrayElementType", thrownBy(() => new MessageEvent("x", { ports: [5] }))],
      ["DispatchNotAnEvent", thrownBy(() => s.dispatchEvent("x" as never))],
      ["CaptureNotSupported", thrownBy(() => s.addEventListener("message", () => {}, true))],
      ["ArgumentType", thrownBy(() => (s.addEventListener as (...a: unknown[]) => void)())],
      ["ResponseStatusNeedsWebSocket", thrownBy(() => new Response(null, { status: 101 }))],
      ["WebSocketNeedsStatus101", thrownBy(() => new Response(null, { webSocket: s }))],
      ["ResponseBodyWithNullBodyStatus", thrownBy(() => new Response("b", { status: 101, webSocket: s }))],
      [
        "ResponseWebSocketWrongType",
        thrownBy(() => new Response(null, { status: 101, webSocket: {} as never })),
      ],
      ["CloneWebSocketResponse", thrownBy(() => new Response(null, { status: 101, webSocket: s }).clone())],
      ["ResponseInitType", thrownBy(() => new Response(null, "init" as never))],
    ];
    expect(thrown.map(([kind, error]) => [kind, webSocketErrorKind(error)])).toEqual(
      thrown.map(([kind]) => [kind, kind]),
    );
  });
});
