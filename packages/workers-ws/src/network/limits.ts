import type { CompatSettings } from "../compat/settings.js";

/**
 * workerd's limit on one incoming message of an accept()-ed socket read over a real connection:
 * 32 MiB (ws.c++ 734-747), 128 MiB with the experimental increase_websocket_message_size. A
 * WebSocketPair's in-memory pipe has no limit, so only network transports apply it.
 */
export const INCOMING_MESSAGE_LIMIT = 32 * 1024 * 1024;
export const INCREASED_INCOMING_MESSAGE_LIMIT = 128 * 1024 * 1024;

export function incomingMessageLimit(settings: CompatSettings): number {
  return settings.increaseMessageSize ? INCREASED_INCOMING_MESSAGE_LIMIT : INCOMING_MESSAGE_LIMIT;
}

/**
 * The error the receiving socket reports when kj refuses a frame by its header: kj's protocol
 * error, as JsgifyWebSocketErrors words it (workerd websocket-client-error-test.js expects exactly
 * this text after "Uncaught Error: ").
 */
export function messageTooLargeError(size: number, limit: number): Error {
  return protocolError(1009, `Message is too large: ${size} > ${limit}`);
}

export function protocolError(statusCode: number, description: string): Error {
  return new Error(
    `WebSocket protocol error; protocolError.statusCode = ${statusCode}; protocolError.description = ${description}`,
  );
}
