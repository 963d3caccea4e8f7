import { isPageWebSocket, readyStateOf, transcriptOf, WebSocket } from "workers-ws";
import { formatEntry, readyStateName } from "./format-transcript.js";

/** The part of pretty-format's config the serializer reads. */
interface PrintConfig {
  readonly indent: string;
}

/**
 * Prints a workers-ws WebSocket in snapshots as its readyState and transcript, one entry a line:
 *
 *     WebSocket CLOSED [
 *       accept()
 *       sent "hello"
 *       received "echo: hello"
 *       close(1000, "done")
 *       readyState OPEN → CLOSING (close() called)
 *       close event: code 1000, reason "done", clean
 *       readyState CLOSING → CLOSED (close frame received)
 *     ]
 *
 * Entries the transcript dropped (transcriptLimit) are counted on a first line. A socket whose
 * runtime keeps no transcript prints as `WebSocket OPEN (no transcript)`.
 */
export const webSocketSerializer = {
  test(value: unknown): boolean {
    return value instanceof WebSocket || isPageWebSocket(value);
  },
  serialize(value: unknown, config: PrintConfig, indentation: string): string {
    const socket = value as WebSocket;
    const head = `WebSocket ${readyStateName(readyStateOf(socket))}`;
    let transcript: ReturnType<typeof transcriptOf>;
    try {
      transcript = transcriptOf(socket);
    } catch {
      return `${head} (no transcript)`;
    }
    const lines = transcript.entries().map(formatEntry);
    if (transcript.dropped > 0) {
      lines.unshift(`… ${transcript.dropped} older entries dropped (transcriptLimit ${transcript.limit})`);
    }
    if (lines.length === 0) return `${head} []`;
    const inner = indentation + config.indent;
    return `${head} [\n${lines.map((line) => inner + line).join("\n")}\n${indentation}]`;
  },
};
