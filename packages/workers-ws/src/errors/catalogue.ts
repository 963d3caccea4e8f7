/**
 * Every error the emulated runtime throws, in one place: its kind, its class and its exact text.
 * The texts are workerd's own (see shared/reference/workerd-observed.md §4); code throws by kind,
 * and the matchers read the same table, so a wording is fixed here and nowhere else.
 */
import { describeValue } from "./describe-value.js";

/** The class of a thrown error: a JS error constructor, or a DOMException with this name. */
export type ErrorClass =
  | "TypeError"
  | "RangeError"
  | "Error"
  | "DOMException:InvalidAccessError"
  | "DOMException:SyntaxError"
  | "DOMException:DataCloneError"
  | "DOMException:InvalidStateError";

interface ErrorEntry<A extends unknown[] = []> {
  readonly errorClass: ErrorClass;
  readonly message: (...args: A) => string;
  /** Only thrown when the `strict` option is on (today's runtime silently ignores the misuse). */
  readonly strictOnly?: boolean;
}

function entry<A extends unknown[] = []>(
  errorClass: ErrorClass,
  message: string | ((...args: A) => string),
  strictOnly = false,
): ErrorEntry<A> {
  return { errorClass, message: typeof message === "string" ? () => message : message, strictOnly };
}

export const WEB_SOCKET_ERRORS = {
  // Durable Objects (durable-objects/; observed in workerd 2026-11-17, same at both dates)
  DurableObjectIdMalformed: entry("TypeError", "Invalid Durable Object ID: must be 64 hex digits"),
  DurableObjectIdOtherNamespace: entry("TypeError", "Durable Object ID is not valid for this namespace."),
  JurisdictionNotImplemented: entry("Error", "Jurisdiction restrictions are not implemented in workerd."),
  RpcMethodMissing: entry<[string]>(
    "TypeError",
    (name) => `The RPC receiver does not implement the method "${name}".`,
  ),
  RpcReservedMethod: entry<[string]>(
    "TypeError",
    (name) => `'${name}' is a reserved method and cannot be called over RPC.`,
  ),
  RpcNotDurableObjectClass: entry(
    "TypeError",
    'The receiving Durable Object does not support RPC, because its class was not declared with `extends DurableObject`. In order to enable RPC, make sure your class extends the special class `DurableObject`, which can be imported from the module "cloudflare:workers".',
  ),
  DurableObjectNoFetch: entry("Error", "Handler does not export a fetch() function."),
  DurableObjectAborted: entry("Error", "Application called abort() to reset Durable Object."),
  StorageKeyTooLarge: entry<[number]>(
    "RangeError",
    (size) => `Keys cannot be larger than 2048 bytes. A key of size ${size} was provided.`,
  ),
  StorageValueTooLarge: entry<[number]>(
    "RangeError",
    (size) => `Values cannot be larger than 131072 bytes. A value of size ${size} was provided.`,
  ),
  StorageTooManyKeys: entry<[number]>(
    "RangeError",
    (count) => `Maximum number of key value pairs is 128. ${count} pairs were provided.`,
  ),
  StoragePutUndefined: entry("TypeError", "put() called with undefined value."),
  StorageListLimit: entry("TypeError", "List limit must be positive."),
  StorageListStartAndStartAfter: entry(
    "TypeError",
    "list() cannot be called with both start and startAfter values.",
  ),
  StorageDeleteAllInTransaction: entry("Error", "Cannot call deleteAll() within a transaction"),
  SqlNotEnabled: entry(
    "Error",
    "This Durable Object is not backed by SQLite storage, so the SQL API is not available. SQL can be enabled on a new Durable Object class by using the `new_sqlite_classes` instead of `new_classes` under `[[migrations]]` in your wrangler.toml, but an already-deployed class cannot be converted to SQLite (except by deleting the existing data).",
  ),
  // accept / send / close on the WebSocket
  NotAccepted: entry(
    "TypeError",
    "You must call one of accept() or state.acceptWebSocket() on this WebSocket before sending messages.",
  ),
  SendAfterClose: entry("TypeError", "Can't call WebSocket send() after close()."),
  SendMissingArgument: entry(
    "TypeError",
    "Failed to execute 'send' on 'WebSocket': parameter 1 is not of type 'ArrayBuffer or ArrayBufferView or string'.",
  ),
  InvalidCloseCode: entry<[number]>(
    "DOMException:InvalidAccessError",
    (code) => `Invalid WebSocket close code: ${code}.`,
  ),
  /** jsg's conversion to a C++ int: close() codes, CloseEvent code, ErrorEvent lineno and colno. */
  IntegerOutOfRange: entry(
    "TypeError",
    "Value out of range. Must be between -2147483648 and 2147483647 (inclusive).",
  ),
  CloseReasonTooLong: entry(
    "DOMException:SyntaxError",
    "WebSocket close reason must not be longer than 123 bytes when UTF-8 encoded.",
  ),
  ReasonWithoutCode: entry(
    "DOMException:InvalidAccessError",
    "If you specify a WebSocket close reason, you must also specify a code.",
  ),
  AcceptOptionsType: entry(
    "TypeError",
    "Failed to execute 'accept' on 'WebSocket': parameter 1 is not of type 'AcceptOptions'.",
  ),
  AcceptAfterResponse: entry("TypeError", "Can't accept() WebSocket that was already used in a response."),
  AcceptOnClientSocket: entry(
    "TypeError",
    "Websockets obtained from the 'new WebSocket()' constructor cannot call accept",
  ),
  AttachmentTooLarge: entry<[number]>(
    "Error",
    (size) => `A WebSocket 'attachment' cannot be larger than 16384 bytes.'attachment' was ${size} bytes.`,
  ),
  // constructors
  ConstructorNeedsNew: entry<[string]>(
    "TypeError",
    (name) =>
      `Failed to construct '${name}': Please use the 'new' operator, this object constructor cannot be called as a function.`,
  ),
  IllegalConstructor: entry("TypeError", "Illegal constructor"),
  /** A method, getter or setter called with a `this` of the wrong class (workerd's JSG brand check). */
  IllegalInvocation: entry(
    "TypeError",
    "Illegal invocation: function called with incorrect `this` reference. See https://developers.cloudflare.com/workers/observability/errors/#illegal-invocation-errors for details.",
  ),
  WebSocketUrlNotString: entry(
    "TypeError",
    "Failed to construct 'WebSocket': constructor parameter 1 is not of type 'string'.",
  ),
  EventTypeNotString: entry<[string]>(
    "TypeError",
    (name) => `Failed to construct '${name}': constructor parameter 1 is not of type 'string'.`,
  ),
  DispatchNotAnEvent: entry(
    "TypeError",
    "Failed to execute 'dispatchEvent' on 'EventTarget': parameter 1 is not of type 'Event'.",
  ),
  // Response
  ResponseStatusNeedsWebSocket: entry(
    "RangeError",
    "Responses may only be constructed with status codes in the range 200 to 599, inclusive.",
  ),
  WebSocketNeedsStatus101: entry("RangeError", "Responses with a WebSocket must have status code 101."),
  ResponseBodyWithNullBodyStatus: entry(
    "TypeError",
    "Response with null body status (101, 204, 205, or 304) cannot have a body.",
  ),
  ResponseWebSocketWrongType: entry(
    "TypeError",
    "Incorrect type for the 'webSocket' field on 'InitializerDict': the provided value is not of type 'WebSocket'.",
  ),
  CloneWebSocketResponse: entry("TypeError", "Cannot clone a response to a WebSocket handshake."),
  ResponseInitType: entry(
    "TypeError",
    "Failed to construct 'Response': constructor parameter 2 is not of type 'InitializerDict or Response'.",
  ),
  // returning a Response from a fetch handler (dispatch)
  AlreadyUsedInResponse: entry("TypeError", "Can't return WebSocket that was already used in a response."),
  AcceptedSocketInResponse: entry(
    "TypeError",
    "Can't return WebSocket in a Response after calling accept().",
  ),
  ClientSocketInResponse: entry(
    "TypeError",
    "Can't return WebSocket in a Response if it was created with `new WebSocket()`",
  ),
  UpgradeHeaderMissing: entry(
    "TypeError",
    'Worker tried to return a WebSocket in a response to a request which did not contain the header "Upgrade: websocket".',
  ),
  // an I/O object of one request used from another request's handler (runtime/io-context.ts)
  CrossRequestIo: entry(
    "Error",
    "Cannot perform I/O on behalf of a different request. I/O objects (such as streams, request/response bodies, and others) created in the context of one request handler cannot be accessed from a different request's handler. This is a limitation of Cloudflare Workers which allows us to improve overall performance. (I/O type: Native)",
  ),
  // a fetch handler's result: workerd checks a synchronous one against 'Promise' first
  HandlerResultNotPromise: entry("TypeError", "Callback returned incorrect type; expected 'Promise'"),
  HandlerResultNotResponse: entry(
    "TypeError",
    "Incorrect type for Promise: the Promise did not resolve to 'Response'.",
  ),
  // FetchEvent of a service-worker syntax Worker (conformance 37-service-worker)
  RespondWithTwice: entry(
    "DOMException:InvalidStateError",
    "FetchEvent.respondWith() has already been called; it can only be called once.",
  ),
  RespondWithType: entry(
    "TypeError",
    "Failed to execute 'respondWith' on 'FetchEvent': parameter 1 is not of type 'Promise'.",
  ),
  /** What workerd's caller sees when a request fails inside the runtime (the id is random). */
  InternalError: entry<[string]>("Error", (reference) => `internal error; reference = ${reference}`),
  // new WebSocket(url): the server did not upgrade (workerd ws.c++ initConnection)
  HandshakeNot101: entry<[number]>(
    "TypeError",
    (status) =>
      `Failed to establish the WebSocket connection: expected server to reply with HTTP status code 101 (switching protocols), but received ${status} instead.`,
  ),
  // fetch() of a URL that is not http(s) (workerd: fetch_refuses_unknown_protocols, 2021-11-10)
  FetchUnknownProtocol: entry<[string]>("TypeError", (url) => `Fetch API cannot load: ${url}`),
  // fetch() redirects (workerd http.c++ Request::constructor, handleHttpRedirectResponse)
  FetchRedirectMode: entry(
    "TypeError",
    'Invalid redirect value, must be one of "follow" or "manual" ("error" won\'t be implemented since it does not make sense at the edge; use "manual" and check the response status code).',
  ),
  RedirectInvalidLocation: entry("TypeError", "Invalid Location header; unable to follow redirect."),
  /** The URLs fetched so far, joined with ", ": workerd appends its URL list to the message. */
  RedirectTooMany: entry<[string]>("TypeError", (urls) => `Too many redirects.${urls}`),
  RedirectOneTimeBody: entry(
    "TypeError",
    "A request with a one-time-use body (it was initialized from a stream, not a buffer) encountered a redirect requiring the body to be retransmitted. To avoid this error in the future, construct this request from a buffer-like body initializer.",
  ),
  // event targets and events
  CaptureNotSupported: entry<[string, string]>(
    "TypeError",
    (method, option) => `${method}(): ${option} must be false.`,
  ),
  EventInitType: entry<[string, string]>(
    "TypeError",
    (ctor, dict) => `Failed to construct '${ctor}': constructor parameter 2 is not of type '${dict}'.`,
  ),
  // attachments
  NotSerializable: entry<[string]>(
    "DOMException:DataCloneError",
    (type) => `Could not serialize object of type "${type}". This type does not support serialization.`,
  ),
  // the Hibernation API of a Durable Object (workerd api/actor-state.c++, api/web-socket.c++)
  AcceptAfterHibernation: entry("TypeError", "Can't accept() WebSocket after enabling hibernation."),
  HibernatableSocketInResponse: entry(
    "TypeError",
    "Can't return WebSocket in a Response after calling acceptWebSocket().",
  ),
  AcceptWebSocketAlreadyAccepted: entry(
    "Error",
    "Cannot call `acceptWebSocket()` if the WebSocket was already accepted via `accept()`",
  ),
  AcceptWebSocketPeerNotAwaiting: entry(
    "Error",
    "Cannot call `acceptWebSocket()` on this WebSocket because its pair has already been accepted or used in a Response.",
  ),
  HibernatableIncompatibleState: entry(
    "TypeError",
    "Tried to make an api::WebSocket hibernatable when it was in an incompatible state.",
  ),
  TooManyHibernatableSockets: entry(
    "Error",
    "only 32768 websockets can be accepted on a single Durable Object instance",
  ),
  TooManyTags: entry("Error", "a Hibernatable WebSocket cannot have more than 10 tags"),
  TagTooLong: entry<[string]>(
    "Error",
    (tag) => `"${tag}" is longer than the max tag length (256 characters).`,
  ),
  TagsBeforeAcceptWebSocket: entry(
    "Error",
    "you must call 'acceptWebSocket()' before attempting to access the tags of a WebSocket.",
  ),
  TagsOfPlainSocket: entry("Error", "only hibernatable websockets can have tags."),
  EventTimeoutTooLong: entry("Error", "Event timeout should not exceed 604800000 ms."),
  AutoResponseRequestTooLarge: entry<[number]>(
    "RangeError",
    (size) => `Request cannot be larger than 2048 bytes. A request of size ${size} was provided.`,
  ),
  AutoResponseResponseTooLarge: entry<[number]>(
    "RangeError",
    (size) => `Response cannot be larger than 2048 bytes. A response of size ${size} was provided.`,
  ),
  // jsg's conversion to a C++ uint32_t (value.h)
  Uint32NotInteger: entry("TypeError", "The value cannot be converted because it is not an integer."),
  Uint32Negative: entry(
    "TypeError",
    "The value cannot be converted because it is negative and this API expects a positive number.",
  ),
  Uint32OutOfRange: entry("TypeError", "Value out of range. Must be less than or equal to 4294967295."),
  // WebIDL conversions, in the wording jsg uses for every API (after the specific entries above,
  // which are instances of these templates, so that recognising a message prefers them)
  ArgumentType: entry<[string, string, number, string]>(
    "TypeError",
    (method, iface, index, type) =>
      `Failed to execute '${method}' on '${iface}': parameter ${index} is not of type '${type}'.`,
  ),
  DictionaryFieldType: entry<[string, string, string]>(
    "TypeError",
    (field, dict, type) =>
      `Incorrect type for the '${field}' field on '${dict}': the provided value is not of type '${type}'.`,
  ),
  ArrayElementType: entry<[number, string]>(
    "TypeError",
    (index, type) =>
      `Incorrect type for array element ${index}: the provided value is not of type '${type}'.`,
  ),
  // strict mode: misuse that today's runtime ignores silently but the Workers docs call an error
  StrictCloseAfterClose: entry(
    "TypeError",
    "workers-ws strict: close() was called on a WebSocket that is already closing or closed; the runtime ignores this call.",
    true,
  ),
  StrictUseAfterResponse: entry<[string]>(
    "TypeError",
    (method) =>
      `workers-ws strict: ${method}() was called on a WebSocket that was given away in a Response; the runtime ignores this call.`,
    true,
  ),
} as const;

export type WebSocketErrorKind = keyof typeof WEB_SOCKET_ERRORS;
type ArgsOf<K extends WebSocketErrorKind> = Parameters<(typeof WEB_SOCKET_ERRORS)[K]["message"]>;

/** The kinds as constants, for `toThrowWebSocketError(WebSocketErrorKinds.NotAccepted)` and catch blocks. */
export const WebSocketErrorKinds = Object.freeze(
  Object.fromEntries(Object.keys(WEB_SOCKET_ERRORS).map((k) => [k, k])) as {
    readonly [K in WebSocketErrorKind]: K;
  },
);

const KIND_OF = new WeakMap<object, WebSocketErrorKind>();

/** Builds the error the runtime throws for `kind`, exactly as workerd would. */
export function createWebSocketError<K extends WebSocketErrorKind>(kind: K, ...args: ArgsOf<K>): Error {
  if (typeof kind !== "string" || !Object.hasOwn(WEB_SOCKET_ERRORS, kind)) {
    throw new TypeError(
      `createWebSocketError() needs one of the kinds in WebSocketErrorKinds, got ${describeValue(kind)}.`,
    );
  }
  const def = WEB_SOCKET_ERRORS[kind] as ErrorEntry<ArgsOf<K>>;
  const message = def.message(...args);
  const error = instantiate(def.errorClass, message);
  KIND_OF.set(error, kind);
  return error;
}

function instantiate(errorClass: ErrorClass, message: string): Error {
  switch (errorClass) {
    case "TypeError":
      return new TypeError(message);
    case "RangeError":
      return new RangeError(message);
    case "Error":
      return new Error(message);
    default:
      return new DOMException(message, errorClass.slice("DOMException:".length));
  }
}

/** The class an error belongs to, in the catalogue's terms (for matchers and conformance traces). */
export function errorClassOf(error: unknown): ErrorClass | undefined {
  if (error instanceof DOMException) return `DOMException:${error.name}` as ErrorClass;
  if (error instanceof TypeError) return "TypeError";
  if (error instanceof RangeError) return "RangeError";
  if (error instanceof Error) return "Error";
  return undefined;
}

/**
 * Which catalogued rule an error stands for: errors we threw carry their kind; any other error
 * (one from real workerd, say) is recognised by its class and exact message.
 */
export function webSocketErrorKind(error: unknown): WebSocketErrorKind | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const known = KIND_OF.get(error);
  if (known) return known;
  const cls = errorClassOf(error);
  const message = (error as { message?: unknown }).message;
  if (cls === undefined || typeof message !== "string") return undefined;
  for (const [kind, def] of Object.entries(WEB_SOCKET_ERRORS) as [
    WebSocketErrorKind,
    ErrorEntry<unknown[]>,
  ][]) {
    if (def.errorClass !== cls) continue;
    if (matchesTemplate(def, message)) return kind;
  }
  return undefined;
}

function matchesTemplate(def: ErrorEntry<unknown[]>, message: string): boolean {
  // Fill each argument slot with a marker, then turn the text into a pattern around the markers.
  const marker = "\u0000";
  const template = def.message(marker, marker, marker, marker);
  if (!template.includes(marker)) return template === message;
  const pattern = template
    .split(marker)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*?");
  return new RegExp(`^${pattern}$`).test(message);
}

/** True when `error` is the runtime's error of this kind (class and message both match). */
export function isWebSocketError(error: unknown, kind?: WebSocketErrorKind): boolean {
  const found = webSocketErrorKind(error);
  return kind === undefined ? found !== undefined : found === kind;
}

export function isStrictOnly(kind: WebSocketErrorKind): boolean {
  return WEB_SOCKET_ERRORS[kind].strictOnly === true;
}
