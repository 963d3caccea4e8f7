import { env as workersEnv } from "cloudflare:workers";
import add from "./add.wasm";
import bytes from "./bytes.bin";
import notes from "./notes.md";
import page from "./page.html";

export { Counter } from "./counter.js";

interface Env {
  GREETING: string;
  COUNTER: DurableObjectNamespace;
}

interface DurableObjectNamespace {
  getByName(name: string): { fetch(request: Request): Promise<Response> };
}

// The project's lib has no WebAssembly values (ES2023 + @types/node types it as a namespace only).
const { Instance } = (
  globalThis as unknown as {
    WebAssembly: { Instance: new (module: unknown) => { exports: Record<string, unknown> } };
  }
).WebAssembly;

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/page") return new Response(page, { headers: { "content-type": "text/html" } });
    if (url.pathname === "/notes") return new Response(notes);
    if (url.pathname === "/bytes") return new Response(bytes);
    if (url.pathname === "/add") {
      const instance = new Instance(add);
      const sum = (instance.exports.add as (a: number, b: number) => number)(2, 3);
      return new Response(String(sum));
    }
    if (url.pathname.startsWith("/counter/")) {
      return env.COUNTER.getByName(url.pathname.slice("/counter/".length)).fetch(request);
    }
    if (url.pathname === "/same-env") return new Response(String(workersEnv.GREETING === env.GREETING));
    if (request.headers.get("Upgrade") === "websocket") {
      const { 0: client, 1: server } = new WebSocketPair();
      server.accept();
      server.addEventListener("message", (event) => server.send(`${env.GREETING}, ${event.data}`));
      return new Response(null, { status: 101, webSocket: client } as ResponseInit);
    }
    return new Response(`${env.GREETING} from ${url.pathname}`);
  },
};
