import { describe, expect, it } from "vitest";
import { createRuntime, fetch, Response, routeWorker, settle } from "workers-ws";

// The redirect rules fetch() applies between Workers routed in memory, as workerd applies them
// (conformance 34-redirects has the workerd traces): methods and bodies per status, the limit of
// 20, stream bodies, Authorization across origins by compatibility date.

function withRuntime(options: Parameters<typeof createRuntime>[0], body: () => Promise<void>): Promise<void> {
  const runtime = createRuntime({ network: "none", ...options });
  const deactivate = runtime.activate();
  return body().finally(async () => {
    deactivate();
    runtime.dispose();
    await settle();
  });
}

/** Routes `host` to a Worker that redirects with `status` to `location`. */
const redirecting = (host: string, status: number, location: string) =>
  routeWorker(host, () => new Response("moved", { status, headers: { Location: location } }));

/** Routes `host` to a Worker that describes the request it got. */
function describing(host: string): void {
  routeWorker(host, async (request: Request) =>
    Response.json({
      method: request.method,
      body: await request.text(),
      contentType: request.headers.get("content-type"),
      contentLength: request.headers.get("content-length"),
      authorization: request.headers.get("authorization"),
    }),
  );
}

describe("fetch() following redirects between routed Workers", () => {
  it.each([
    [301, "POST", "GET", ""],
    [302, "POST", "GET", ""],
    [303, "POST", "GET", ""],
    [303, "PUT", "GET", ""],
    [302, "PUT", "PUT", "payload"],
    [307, "POST", "POST", "payload"],
    [308, "POST", "POST", "payload"],
  ])("%i after %s: the next hop is %s with body %j", (status, method, nextMethod, nextBody) =>
    withRuntime({}, async () => {
      redirecting("from.example", status, "https://to.example/");
      describing("to.example");
      const response = await fetch("https://from.example/", {
        method,
        body: "payload",
        headers: { "content-type": "text/plain" },
      });
      expect(await response.json()).toEqual({
        method: nextMethod,
        body: nextBody,
        // workerd keeps Content-Type when it drops the body, and states the length it sends.
        contentType: "text/plain",
        contentLength: nextBody === "" ? null : "7",
        authorization: null,
      });
    }),
  );

  it("a Worker forwarding its request sends the body once, with its length", () =>
    withRuntime({}, async () => {
      describing("to.example");
      redirecting("moved.example", 307, "https://to.example/");
      routeWorker("proxy.example", (request: Request) => {
        const upstream = new Request(`https://${new URL(request.url).pathname.slice(1)}/`, request);
        // workerd: the incoming request's redirect mode is "manual", so a forwarded request hands
        // a redirect back; asked to follow, its stream body cannot be sent to a 307's target.
        return fetch(upstream, { redirect: new URL(request.url).search === "?follow" ? "follow" : "manual" });
      });
      const init = { method: "POST", body: "payload", headers: { "content-type": "text/plain" } };
      const forwarded = await fetch("https://proxy.example/to.example", init);
      expect(await forwarded.json()).toMatchObject({ method: "POST", body: "payload", contentLength: "7" });
      // The 307 comes back through the proxy; the caller's own body is buffered, so it follows.
      const handedBack = await fetch("https://proxy.example/moved.example", init);
      expect([handedBack.redirected, handedBack.url]).toEqual([true, "https://to.example/"]);
      expect(await handedBack.json()).toMatchObject({ method: "POST", body: "payload" });
      await expect(fetch("https://proxy.example/moved.example?follow", init)).rejects.toThrow(
        /one-time-use body/,
      );
    }));

  it('a Worker\'s incoming request has redirect "manual", as in workerd', () =>
    withRuntime({}, async () => {
      routeWorker("mode.example", (request: Request) => new Response(request.redirect));
      expect(await (await fetch("https://mode.example/")).text()).toBe("manual");
    }));

  it("follows 20 redirects and refuses the 21st, listing the URLs fetched", () =>
    withRuntime({}, async () => {
      routeWorker("hop.example", (request: Request) => {
        const n = Number(new URL(request.url).searchParams.get("n"));
        return Response.redirect(`https://hop.example/?n=${n + 1}`, 302);
      });
      const error = await fetch("https://hop.example/?n=0").catch((e: unknown) => e);
      const urls = Array.from({ length: 21 }, (_, n) => `https://hop.example/?n=${n}`);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toBe(`Too many redirects.${urls.join(", ")}`);
    }));

  it("a stream body cannot be sent again: 307 fails with workerd's TypeError, 303 drops it", () =>
    withRuntime({}, async () => {
      redirecting("307.example", 307, "https://to.example/");
      redirecting("303.example", 303, "https://to.example/");
      describing("to.example");
      const stream = () => new Blob(["streamed"]).stream();
      const init = (): RequestInit => ({ method: "POST", body: stream(), duplex: "half" }) as RequestInit;
      await expect(fetch("https://307.example/", init())).rejects.toThrow(
        "A request with a one-time-use body (it was initialized from a stream, not a buffer) encountered a redirect requiring the body to be retransmitted.",
      );
      const response = await fetch("https://303.example/", init());
      expect(await response.json()).toMatchObject({ method: "GET", body: "" });
    }));

  it("a Location that does not parse is workerd's TypeError", () =>
    withRuntime({}, async () => {
      redirecting("bad.example", 302, "http://[bad/");
      await expect(fetch("https://bad.example/")).rejects.toThrow(
        new TypeError("Invalid Location header; unable to follow redirect."),
      );
    }));

  it.each([
    ["2026-11-01", [], null],
    ["2025-08-31", [], "Bearer t"],
    ["2025-08-31", ["strip_authorization_on_cross_origin_redirect"], null],
    ["2026-11-01", ["retain_authorization_on_cross_origin_redirect"], "Bearer t"],
  ])("at %s %j a redirect to another origin leaves Authorization %j", (compatibilityDate, flags, expected) =>
    withRuntime({ compatibilityDate, compatibilityFlags: flags }, async () => {
      redirecting("from.example", 302, "https://to.example/");
      describing("to.example");
      const response = await fetch("https://from.example/", { headers: { Authorization: "Bearer t" } });
      expect(((await response.json()) as { authorization: unknown }).authorization).toBe(expected);
    }),
  );

  it("an abort during a redirect stops the chain before the next hop, with the signal's reason", () =>
    withRuntime({}, async () => {
      const controller = new AbortController();
      const reached: string[] = [];
      routeWorker("abort.example", (request: Request) => {
        reached.push(new URL(request.url).pathname);
        controller.abort(new Error("stop here"));
        return Response.redirect("https://abort.example/next", 302);
      });
      await expect(fetch("https://abort.example/first", { signal: controller.signal })).rejects.toThrow(
        "stop here",
      );
      expect(reached).toEqual(["/first"]);
    }));

  it('reads redirect case-insensitively and refuses "error" and unknown modes, also on a Request', () =>
    withRuntime({}, async () => {
      const reached: string[] = [];
      routeWorker("mode.example", (request: Request) => {
        reached.push(request.url);
        return Response.redirect("https://mode.example/next", 302);
      });
      const manual = await fetch("https://mode.example/", { redirect: "MANUAL" as RequestInit["redirect"] });
      expect(manual.status).toBe(302);
      const message =
        'Invalid redirect value, must be one of "follow" or "manual" ("error" won\'t be implemented since it does not make sense at the edge; use "manual" and check the response status code).';
      await expect(fetch("https://mode.example/", { redirect: "error" })).rejects.toThrow(
        new TypeError(message),
      );
      await expect(
        fetch("https://mode.example/", { redirect: "bogus" as RequestInit["redirect"] }),
      ).rejects.toThrow(new TypeError(message));
      await expect(fetch(new Request("https://mode.example/", { redirect: "error" }))).rejects.toThrow(
        new TypeError(message),
      );
      expect(reached).toEqual(["https://mode.example/"]);
    }));

  it("keeps Authorization on a same-origin redirect", () =>
    withRuntime({}, async () => {
      routeWorker("same.example", async (request: Request) =>
        new URL(request.url).pathname === "/start"
          ? Response.redirect("https://same.example/end", 307)
          : new Response(request.headers.get("authorization")),
      );
      const response = await fetch("https://same.example/start", { headers: { Authorization: "Bearer t" } });
      expect(await response.text()).toBe("Bearer t");
    }));

  it("a HEAD request's Response has no body, and statusText is the status's phrase", () =>
    withRuntime({}, async () => {
      routeWorker("head.example", () => new Response("ignored", { status: 306 }));
      const response = await fetch("https://head.example/", { method: "HEAD" });
      expect([response.status, response.statusText, response.body]).toEqual([306, "Redirection", null]);
    }));
});
