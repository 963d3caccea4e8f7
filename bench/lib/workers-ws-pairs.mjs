/**
 * What the two workers-ws adapters (the bare runtime and the environment) do the same way with
 * the pairs they make: both ends are workers-ws WebSockets, whichever way they were installed.
 */
export function workersWsPairMethods(WebSocketPair) {
  return {
    copiesBinaryOnSend: true,
    closeEventsHaveCodes: true,
    createPair() {
      const pair = new WebSocketPair();
      return [pair[0], pair[1]];
    },
    accept(ws) {
      ws.accept();
    },
    /** Binary messages arrive as ArrayBuffer (the default from 2026-03-17 is Blob). */
    receiveArrayBuffers(ws) {
      ws.binaryType = "arraybuffer";
    },
    readyState(ws) {
      return ws.readyState;
    },
  };
}
