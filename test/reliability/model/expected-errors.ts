/**
 * What workerd throws, as class + name + message, from workerd-observed.md §4 (error catalogue) and
 * the bad-input scenarios (test/conformance/scenarios/30-bad-input.js). The model compares these
 * with what the runtime threw; it never builds errors through the runtime's catalogue.
 */
export interface ThrownShape {
  /** constructor name: "TypeError", "DOMException", "RangeError", … */
  readonly class: string;
  readonly name: string;
  readonly message: string;
}

const typeError = (message: string): ThrownShape => ({ class: "TypeError", name: "TypeError", message });
const domException = (name: string, message: string): ThrownShape => ({
  class: "DOMException",
  name,
  message,
});
const rangeError = (message: string): ThrownShape => ({ class: "RangeError", name: "RangeError", message });

export const EXPECTED = {
  notAccepted: typeError(
    "You must call one of accept() or state.acceptWebSocket() on this WebSocket before sending messages.",
  ),
  sendAfterClose: typeError("Can't call WebSocket send() after close()."),
  sendMissingArgument: typeError(
    "Failed to execute 'send' on 'WebSocket': parameter 1 is not of type 'ArrayBuffer or ArrayBufferView or string'.",
  ),
  symbolToString: typeError("Cannot convert a Symbol value to a string"),
  symbolToNumber: typeError("Cannot convert a Symbol value to a number"),
  bigintToNumber: typeError("Cannot convert a BigInt value to a number"),
  intOutOfRange: typeError("Value out of range. Must be between -2147483648 and 2147483647 (inclusive)."),
  invalidCloseCode: (code: number) =>
    domException("InvalidAccessError", `Invalid WebSocket close code: ${code}.`),
  reasonWithoutCode: domException(
    "InvalidAccessError",
    "If you specify a WebSocket close reason, you must also specify a code.",
  ),
  reasonTooLong: domException(
    "SyntaxError",
    "WebSocket close reason must not be longer than 123 bytes when UTF-8 encoded.",
  ),
  acceptOptionsType: typeError(
    "Failed to execute 'accept' on 'WebSocket': parameter 1 is not of type 'AcceptOptions'.",
  ),
  acceptAfterRelease: typeError("Can't accept() WebSocket that was already used in a response."),
  statusRange: rangeError(
    "Responses may only be constructed with status codes in the range 200 to 599, inclusive.",
  ),
  statusNot101: rangeError("Responses with a WebSocket must have status code 101."),
  nullBodyStatus: typeError("Response with null body status (101, 204, 205, or 304) cannot have a body."),
  webSocketWrongType: typeError(
    "Incorrect type for the 'webSocket' field on 'InitializerDict': the provided value is not of type 'WebSocket'.",
  ),
} as const;

/** The shape of whatever a call threw, for comparison with an expected ThrownShape. */
export function shapeOf(error: unknown): ThrownShape {
  if (typeof error === "object" && error !== null) {
    const e = error as { constructor?: { name?: string }; name?: unknown; message?: unknown };
    return { class: String(e.constructor?.name), name: String(e.name), message: String(e.message) };
  }
  return { class: typeof error, name: "", message: String(error) };
}
