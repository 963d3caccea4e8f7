import { createWebSocketError } from "../../errors/catalogue.js";
import { illegalInvocation, isObjectLike } from "../../webidl/brand-check.js";
import { toDOMString } from "../../webidl/conversions.js";

let readRequest: (pair: WebSocketRequestResponsePair) => string;
let readResponse: (pair: WebSocketRequestResponsePair) => string;
let hasPairBrand: (value: unknown) => value is WebSocketRequestResponsePair;

/**
 * `new WebSocketRequestResponsePair(request, response)`: the message a hibernatable socket answers
 * by itself (state.setWebSocketAutoResponse). workerd api/actor-state.h: two strings converted as
 * jsg converts any string argument (a missing one is a TypeError naming the parameter), exposed
 * as read-only prototype properties. Their 2048-byte limit is checked by setWebSocketAutoResponse,
 * not here (api/actor-state.c++).
 */
export class WebSocketRequestResponsePair {
  readonly #request: string;
  readonly #response: string;

  constructor(...args: [request: string, response: string]) {
    const [request, response] = args;
    // jsg's kj::String parameters: a missing argument is refused, anything given (undefined too,
    // observed: "undefined") goes through ToString.
    if (args.length < 1) throw createWebSocketError("EventTypeNotString", "WebSocketRequestResponsePair");
    const requestText = toDOMString(request);
    if (args.length < 2) {
      // The same template as parameter 1 with index 2 (the catalogue's EventInitType entry).
      throw createWebSocketError("EventInitType", "WebSocketRequestResponsePair", "string");
    }
    this.#request = requestText;
    this.#response = toDOMString(response);
  }

  get request(): string {
    return requestOf(this);
  }

  get response(): string {
    return responseOf(this);
  }

  static {
    readRequest = (pair) => pair.#request;
    readResponse = (pair) => pair.#response;
    hasPairBrand = (value): value is WebSocketRequestResponsePair => isObjectLike(value) && #request in value;
  }
}

function requestOf(pair: unknown): string {
  if (!hasPairBrand(pair)) illegalInvocation();
  return readRequest(pair);
}

function responseOf(pair: unknown): string {
  if (!hasPairBrand(pair)) illegalInvocation();
  return readResponse(pair);
}

/** Whether `value` is a real pair (whatever its prototype chain says). */
export function isRequestResponsePair(value: unknown): value is WebSocketRequestResponsePair {
  return hasPairBrand(value);
}
