// @vitest-environment-options {"compatibilityDate":"2024-01-01"}
import { expect, it } from "vitest";
import { acceptedPair } from "./support.js";

it("explains when this file's compatibility date or options never throw the kind", () => {
  const [client] = acceptedPair();
  expect(() =>
    expect(() => client.close(1000, "x".repeat(124))).toThrowWebSocketError("CloseReasonTooLong"),
  ).toThrowErrorMatchingInlineSnapshot(`
    [Error: expect(function).toThrowWebSocketError(kind)

    Expected: CloseReasonTooLong (DOMException SyntaxError: WebSocket close reason must not be longer than 123 bytes when UTF-8 encoded.)
    Received: the function did not throw
    Note: at compatibility date 2024-01-01 websocket_close_reason_byte_limit is off, so the runtime never throws CloseReasonTooLong.]
  `);
  expect(() =>
    expect(() => client.close(1000)).toThrowWebSocketError("StrictCloseAfterClose"),
  ).toThrowErrorMatchingInlineSnapshot(`
    [Error: expect(function).toThrowWebSocketError(kind)

    Expected: StrictCloseAfterClose (TypeError: workers-ws strict: close() was called on a WebSocket that is already closing or closed; the runtime ignores this call.)
    Received: the function did not throw
    Note: StrictCloseAfterClose is thrown only with the strict option, which is off for this file.]
  `);
});
