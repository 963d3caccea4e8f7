/**
 * A Worker written against the generated worker-configuration.d.ts (global `Env`), and a test of
 * it with this package. Compiled by test/docs/user-types.test.ts without skipLibCheck; not run.
 */
import { dispatchFetch, routeWorker } from "vitest-environment-workers-ws";

const worker = {
  async fetch(request, env, ctx) {
    ctx.waitUntil(Promise.resolve());
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.send(`${env.ROOM_NAME}: ${request.headers.get("Upgrade")}`);
    return new Response(null, { status: 101, webSocket: client });
  },
} satisfies ExportedHandler<Env>;

export default worker;

export async function test(): Promise<void> {
  const env: Env = { ROOM_NAME: "lobby", SECRET: "s" };
  const response = await dispatchFetch(
    worker,
    "https://room.example/",
    { headers: { Upgrade: "websocket" } },
    { env },
  );
  response.webSocket?.accept();
  const unroute = routeWorker("room.example", worker, { env });
  unroute();
  // @ts-expect-error env lacks SECRET
  await dispatchFetch(worker, "https://room.example/", undefined, { env: { ROOM_NAME: "lobby" } });
}
