/**
 * A Worker typed the Cloudflare way, with @cloudflare/workers-types (whose `fetch` is optional
 * and whose ExecutionContext has more members than ours), tested with this package's helpers.
 * Compiled by test/docs/user-types.test.ts without skipLibCheck; nothing here runs.
 */
import {
  createExecutionContext,
  dispatchFetch,
  serve,
  waitOnExecutionContext,
} from "vitest-environment-workers-ws";

interface Env {
  GREETING: string;
}

// The annotation style: fetch is optional in ExportedHandler.
const annotated: ExportedHandler<Env> = {
  async fetch(request, env, ctx) {
    ctx.waitUntil(Promise.resolve());
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.send(`${env.GREETING} ${new URL(request.url).pathname}`);
    return new Response(null, { status: 101, webSocket: client });
  },
};

// The assertion style of `export default { … } as ExportedHandler<Env>`.
const asserted = {
  fetch(_request: Request, env: Env): Response {
    return new Response(env.GREETING);
  },
} as ExportedHandler<Env>;

// satisfies, with workers-types' own ExecutionContext in the handler's signature.
const satisfying = {
  async fetch(_request: Request, _env: Env, ctx: ExecutionContext): Promise<Response> {
    ctx.passThroughOnException();
    return new Response("ok");
  },
} satisfies ExportedHandler<Env>;

export async function tests(): Promise<void> {
  const env: Env = { GREETING: "hello" };
  const ctx = createExecutionContext();
  const response = await dispatchFetch(
    annotated,
    "https://example.com/",
    { headers: { Upgrade: "websocket" } },
    { env, ctx },
  );
  await waitOnExecutionContext(ctx);
  response.webSocket?.accept();
  await dispatchFetch(asserted, new Request("https://example.com/"), undefined, { env });
  await dispatchFetch(satisfying, "https://example.com/", undefined, { env });
  const server = await serve(annotated, { env });
  await server.close();
  // @ts-expect-error the env must match the Worker's Env
  await dispatchFetch(annotated, "https://example.com/", undefined, { env: { GREETING: 1 } });
}
