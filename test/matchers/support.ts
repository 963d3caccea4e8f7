import { settle, type WebSocket } from "vitest-environment-workers-ws";

/** Both ends of a new pair, accepted. */
export function acceptedPair(): [WebSocket, WebSocket] {
  const [client, server] = new WebSocketPair();
  client.accept();
  server.accept();
  return [client, server];
}

/** A pair whose server echoes every text message, after the client said hello and got the echo. */
export async function echoConversation(): Promise<[WebSocket, WebSocket]> {
  const [client, server] = acceptedPair();
  server.addEventListener("message", (event) => server.send(`echo: ${event.data}`));
  client.send("hello");
  await settle();
  return [client, server];
}
