import { createExecutionContext, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import { env as workersEnv } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { currentFileRuntime, env as packageEnv } from "vitest-environment-workers-ws";

describe("a wrangler.jsonc project", () => {
  it("env holds the config's vars, JSON values as given, with the vars option on top", () => {
    expect(env.GREETING).toBe("hello");
    expect(env.LIMITS).toEqual({ maxRooms: 3 });
    expect(env.EXTRA).toBe("explicit");
    expect(Object.keys(env).sort()).toEqual(["COUNTER", "EXTRA", "GREETING", "LIMITS"]);
  });

  it("cloudflare:test, cloudflare:workers and the package share the file's env", () => {
    expect(workersEnv.GREETING).toBe("hello");
    expect(packageEnv.GREETING).toBe("hello");
  });

  it("takes compatibility_date and compatibility_flags from the config (nodejs_compat is not emulated)", () => {
    const settings = currentFileRuntime()?.runtime.settings;
    expect(settings?.compatibilityDate).toBe("2026-11-01");
    expect(settings?.unemulatedFlags).toEqual(["nodejs_compat"]);
  });

  it("SELF.fetch() reaches main's default export with env", async () => {
    const response = await SELF.fetch("https://greeter.example/rooms");
    expect(await response.text()).toBe("hello from /rooms");
    expect(await (await SELF.fetch("https://greeter.example/same-env")).text()).toBe("true");
  });

  it("SELF.fetch() hands back the caller's end of a WebSocket upgrade", async () => {
    const response = await SELF.fetch("https://greeter.example/chat", { headers: { Upgrade: "websocket" } });
    expect(response.status).toBe(101);
    const ws = response.webSocket;
    if (ws == null) throw new Error("the 101 response has no webSocket");
    ws.accept();
    const reply = new Promise<string>((resolve) =>
      ws.addEventListener("message", (e) => resolve(e.data as string)),
    );
    ws.send("ada");
    expect(await reply).toBe("hello, ada");
    ws.close(1000, "done");
  });

  it("imports .html as Text, .bin as Data, .wasm as CompiledWasm and the config's own .md rule", async () => {
    expect(await (await SELF.fetch("https://greeter.example/page")).text()).toBe("<h1>Chat</h1>\n");
    expect(await (await SELF.fetch("https://greeter.example/notes")).text()).toBe("# Notes\n");
    expect([
      ...new Uint8Array(await (await SELF.fetch("https://greeter.example/bytes")).arrayBuffer()),
    ]).toEqual([1, 2, 3, 250]);
    expect(await (await SELF.fetch("https://greeter.example/add")).text()).toBe("5");
  });

  it("createExecutionContext / waitOnExecutionContext come from cloudflare:test", async () => {
    const ctx = createExecutionContext();
    let done = false;
    ctx.waitUntil(
      new Promise<void>((resolve) =>
        setTimeout(() => {
          done = true;
          resolve();
        }, 5),
      ),
    );
    await waitOnExecutionContext(ctx);
    expect(done).toBe(true);
  });
});
