// Redirects answered by a Worker, as its caller's fetch() sees them: followed or not, the status,
// `redirected` and `url` of the final Response, the method, body and headers after each redirect
// status, redirect: "manual" and "error", the 20-redirect limit, relative and non-http Locations,
// Authorization across origins, a stream body, and an upgrade request answered with a redirect.
// `io.fetch(init, serve)` goes through the SELF service binding (harness/serve.js), and from inside
// a handler the global fetch() reaches the worker's own loopback address; each hop's Location names
// another serve handler. A Location the standard URL parser refuses is not recorded here: before
// 2024-06-03 (fetch_legacy_url) workerd parses it with kj's lenient parser and sends it on, which
// workers-ws does not reproduce (README "Redirects"; redirect-rules.test.ts checks the new rule).

/** The name each registered handler's id stands for, so traces do not depend on ids. */
const names = new Map();

/**
 * Registers `serve` and returns an http URL whose request it answers. io.webSocketUrl registers the
 * handler under an id, on the worker's loopback address ("loopback": reached by the global fetch, and
 * through the SELF binding too); the same id under the SELF origin ("self") reaches it as well.
 */
function served(io, name, serve, { host = "self" } = {}) {
  const loopback = new URL(io.webSocketUrl(serve).replace(/^ws:/, "http:"));
  const id = loopback.searchParams.get("id");
  names.set(id, name);
  return host === "self" ? `http://self/serve?id=${id}` : loopback.href;
}

/** A URL as a trace shows it: which host kind, which handler, and anything else it carries. */
function where(url) {
  if (url === "") return "";
  const parsed = new URL(url);
  const id = parsed.searchParams.get("id");
  const host = `${parsed.protocol}${parsed.host === "self" ? "self" : "loopback"}`;
  const extra = parsed.search.replace(`?id=${id}`, "");
  return `${host}:${parsed.pathname}:${nameOf(id)}${extra}${parsed.hash}`;
}

/** The handler an id stands for; io.fetch's own handler has no name of ours. */
function nameOf(id) {
  return names.get(id) ?? "io.fetch";
}

/** A message or header with each handler URL replaced by its host kind and handler name. */
function named(text) {
  if (text === null) return null;
  return String(text).replace(
    /http:\/\/([^/]+)\/serve\?id=(\d+)/g,
    (_, host, id) => `${host === "self" ? "self" : "loopback"}:${nameOf(id)}`,
  );
}

/** Awaits `promise` and logs the Response it gives, or the error it rejects with. */
async function settle(t, label, promise) {
  let response;
  try {
    response = await promise;
  } catch (error) {
    t.log(label, { rejected: { class: error?.constructor?.name, message: named(error?.message) } });
    return undefined;
  }
  t.log(label, {
    status: response.status,
    statusText: response.statusText,
    redirected: response.redirected,
    url: where(response.url),
    type: response.type,
    location: named(response.headers.get("location")),
    final: response.headers.get("x-final"),
    body: response.webSocket ? "(webSocket)" : await response.text(),
  });
  return response;
}

/** A handler that logs the first request's body headers, then redirects (307) to `target`. */
function logThenRedirect(t, target) {
  return (request) => {
    t.log("first saw", {
      method: request.method,
      contentType: request.headers.get("content-type"),
      contentLength: request.headers.get("content-length"),
    });
    return new Response(null, { status: 307, headers: { Location: target } });
  };
}

/** A handler that answers 200 and logs the request it got. */
function finalServe(t, { label = "final saw", url = true } = {}) {
  return async (request) => {
    t.log(label, {
      method: request.method,
      url: url ? where(request.url) : "(not compared)",
      body: await request.text(),
      contentType: request.headers.get("content-type"),
      contentLength: request.headers.get("content-length"),
      custom: request.headers.get("x-custom"),
      authorization: request.headers.get("authorization"),
    });
    return new Response("final body", { headers: { "x-final": "yes" } });
  };
}

/** A handler that answers `status` with `Location: location` (and a body unless 304). */
function redirectServe(t, status, location, label = "redirect saw") {
  return (request) => {
    t.log(label, { method: request.method, url: where(request.url) });
    const headers = location === undefined ? {} : { Location: location };
    return new Response(status === 304 ? null : "redirect body", { status, headers });
  };
}

/** A chain of `hops` 302 redirects that ends at a 200; returns the first URL. */
function chain(t, io, hops) {
  let url = served(io, "final", finalServe(t));
  for (let i = hops; i > 0; i--) url = served(io, `hop ${i}`, redirectServe(t, 302, url, `hop ${i}`));
  return url;
}

const POST = { method: "POST", body: "payload", headers: { "content-type": "text/plain", "x-custom": "c" } };

/** io.fetch(init) answered with `status` and a Location of the final handler. */
function statusCase(status, init) {
  return async (t, io) => {
    const target = served(io, "final", finalServe(t));
    await settle(t, "caller response", io.fetch(init, redirectServe(t, status, target)));
  };
}

/** A body that can be read only once (workerd: not rewindable, unlike a string or bytes). */
function streamBody() {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode("streamed"));
      controller.close();
    },
  });
}

/** Runs `inside` in a serve handler, whose global fetch() is the Worker's outbound fetch. */
async function fromWorker(t, io, inside) {
  const response = await io.fetch({}, async () => {
    await inside();
    return new Response("outer done");
  });
  t.log("outer", response.status);
}

export const scenarios = {
  notRedirected: async (t, io) => {
    await settle(t, "caller response", io.fetch({}, finalServe(t)));
  },

  responseRedirect: async (t, io) => {
    const target = served(io, "final", finalServe(t));
    await settle(
      t,
      "caller response",
      io.fetch({}, (request) => {
        t.log("first saw", where(request.url));
        return Response.redirect(target, 302);
      }),
    );
  },

  get301: statusCase(301, {}),
  get302: statusCase(302, {}),
  get303: statusCase(303, {}),
  get307: statusCase(307, {}),
  get308: statusCase(308, {}),
  post301: statusCase(301, POST),
  post302: statusCase(302, POST),
  post303: statusCase(303, POST),
  post307: statusCase(307, POST),
  post308: statusCase(308, POST),
  put301: statusCase(301, { ...POST, method: "PUT" }),
  put302: statusCase(302, { ...POST, method: "PUT" }),
  put303: statusCase(303, { ...POST, method: "PUT" }),
  head303: statusCase(303, { method: "HEAD" }),
  head302: statusCase(302, { method: "HEAD" }),
  delete303: statusCase(303, { method: "DELETE", body: "gone" }),

  firstHopHeaders: async (t, io) => {
    const target = served(io, "final", finalServe(t));
    await settle(t, "caller response", io.fetch(POST, logThenRedirect(t, target)));
  },

  incomingRedirectMode: async (t, io) => {
    await settle(
      t,
      "caller response",
      io.fetch({}, (request) => new Response(`incoming redirect: ${request.redirect}`)),
    );
  },

  forwardedRequest: async (t, io) => {
    // The serve handler forwards its incoming request (a stream body, redirect "manual"): the
    // redirect comes back to it, and to its caller, whose buffered body follows it.
    const final = served(io, "final", finalServe(t), { host: "loopback" });
    const moved = served(io, "moved", redirectServe(t, 307, final), { host: "loopback" });
    await settle(
      t,
      "caller response",
      io.fetch(POST, async (request) => {
        const handedBack = await fetch(new Request(moved, request));
        t.log("forwarded", {
          status: handedBack.status,
          location: named(handedBack.headers.get("location")),
        });
        return handedBack;
      }),
    );
  },

  forwardedRequestFollowing: async (t, io) => {
    // Asked to follow, the forwarded stream body cannot be sent to a 307's target.
    const final = served(io, "final", finalServe(t), { host: "loopback" });
    const moved = served(io, "moved", redirectServe(t, 307, final), { host: "loopback" });
    await settle(
      t,
      "caller response",
      io.fetch(POST, async (request) => {
        await settle(t, "asked to follow", fetch(new Request(moved, request), { redirect: "follow" }));
        return new Response("proxy done");
      }),
    );
  },

  notARedirectStatus: async (t, io) => {
    for (const status of [300, 304, 305, 306]) {
      const target = served(io, "final", finalServe(t));
      await settle(t, `status ${status}`, io.fetch({}, redirectServe(t, status, target)));
    }
  },

  noLocation: async (t, io) => {
    await settle(t, "caller response", io.fetch({}, redirectServe(t, 302, undefined)));
  },

  manual: async (t, io) => {
    const target = served(io, "final", finalServe(t));
    await settle(t, "caller response", io.fetch({ redirect: "manual" }, redirectServe(t, 302, target)));
  },

  manualThroughRequest: async (t, io) => {
    const target = served(io, "final", finalServe(t));
    const first = served(io, "first", redirectServe(t, 307, target), { host: "loopback" });
    await fromWorker(t, io, () =>
      settle(t, "inner response", fetch(new Request(first, { redirect: "manual" }))),
    );
  },

  errorMode: async (t, io) => {
    const target = served(io, "final", finalServe(t));
    const first = served(io, "first", redirectServe(t, 302, target));
    await fromWorker(t, io, async () => {
      t.try("fetch(url, redirect: error) returns", () => {
        const pending = fetch(first, { redirect: "error" });
        pending.catch(() => undefined);
        return typeof pending;
      });
      await settle(t, "redirect: error", fetch(first, { redirect: "error" }));
      await settle(t, "redirect: bogus", fetch(first, { redirect: "bogus" }));
    });
  },

  twentyRedirects: async (t, io) => {
    await settle(t, "caller response", io.fetch({}, redirectServe(t, 302, chain(t, io, 19), "start")));
  },

  twentyOneRedirects: async (t, io) => {
    await settle(t, "caller response", io.fetch({}, redirectServe(t, 302, chain(t, io, 20), "start")));
  },

  redirectLoop: async (t, io) => {
    // A handler answers once (serve.js forgets it), so a loop is a chain longer than the limit.
    await settle(t, "caller response", io.fetch({}, redirectServe(t, 308, chain(t, io, 25), "start")));
  },

  relativeLocation: async (t, io) => {
    const target = new URL(served(io, "final", finalServe(t)));
    await settle(t, "caller response", io.fetch({}, redirectServe(t, 302, `/serve${target.search}`)));
  },

  queryOnlyLocation: async (t, io) => {
    const target = new URL(served(io, "final", finalServe(t)));
    await settle(t, "caller response", io.fetch({}, redirectServe(t, 302, target.search)));
  },

  locationWithFragment: async (t, io) => {
    const target = served(io, "final", finalServe(t));
    await settle(t, "caller response", io.fetch({}, redirectServe(t, 302, `${target}&x=1#part`)));
  },

  crossOriginAuthorization: async (t, io) => {
    const target = served(io, "final", finalServe(t), { host: "loopback" });
    const init = { headers: { Authorization: "Bearer secret", "x-custom": "c" } };
    await settle(t, "caller response", io.fetch(init, redirectServe(t, 302, target)));
  },

  sameOriginAuthorization: async (t, io) => {
    const target = served(io, "final", finalServe(t));
    const init = { headers: { Authorization: "Bearer secret" } };
    await settle(t, "caller response", io.fetch(init, redirectServe(t, 307, target)));
  },

  upgradeRedirected: async (t, io) => {
    const target = served(io, "upgrade target", (request) => {
      t.log("upgrade target saw", { upgrade: request.headers.get("upgrade"), url: where(request.url) });
      const [client, server] = Object.values(new WebSocketPair());
      server.accept();
      server.send("from target");
      return new Response(null, { status: 101, webSocket: client });
    });
    const response = await settle(
      t,
      "upgrade response",
      io.fetch({ headers: { Upgrade: "websocket" } }, redirectServe(t, 302, target)),
    );
    const caller = response?.webSocket;
    if (caller) {
      t.tap("caller", caller);
      caller.accept();
      await new Promise((resolve) => caller.addEventListener("message", resolve, { once: true }));
      caller.close(1000, "done");
    }
  },

  streamBody307: async (t, io) => {
    const target = served(io, "final", finalServe(t));
    const init = { method: "POST", body: streamBody(), duplex: "half" };
    await settle(t, "caller response", io.fetch(init, redirectServe(t, 307, target)));
  },

  streamBody302: async (t, io) => {
    const target = served(io, "final", finalServe(t));
    const init = { method: "POST", body: streamBody(), duplex: "half" };
    await settle(t, "caller response", io.fetch(init, redirectServe(t, 302, target)));
  },

  streamBody303: async (t, io) => {
    const target = served(io, "final", finalServe(t));
    const init = { method: "POST", body: streamBody(), duplex: "half" };
    await settle(t, "caller response", io.fetch(init, redirectServe(t, 303, target)));
  },

  globalFetchRedirect: async (t, io) => {
    const target = served(io, "final", finalServe(t), { host: "loopback" });
    const first = served(io, "first", redirectServe(t, 302, target), { host: "loopback" });
    await fromWorker(t, io, () => settle(t, "inner response", fetch(first)));
  },

  globalFetchNotRedirected: async (t, io) => {
    const target = served(io, "final", finalServe(t), { host: "loopback" });
    await fromWorker(t, io, () => settle(t, "inner response", fetch(`${target}#frag`)));
  },

  globalFetchRelative: async (t, io) => {
    const target = new URL(served(io, "final", finalServe(t), { host: "loopback" }));
    const first = served(io, "first", redirectServe(t, 301, target.search), { host: "loopback" });
    await fromWorker(t, io, () => settle(t, "inner response", fetch(first, POST)));
  },

  globalFetchNonHttpLocation: async (t, io) => {
    for (const scheme of ["ws:", "wss:", "ftp:"]) {
      // workerd sends the hop to the loopback socket, whose Worker sees an http: URL; a routed
      // Worker sees the URL as sent, so the final handler's view of its own URL is not compared.
      const final = finalServe(t, { url: false });
      const target = served(io, "final", final, { host: "loopback" }).replace(/^http:/, scheme);
      const first = served(io, "first", redirectServe(t, 302, target), { host: "loopback" });
      await fromWorker(t, io, () => settle(t, `location ${scheme}`, fetch(first)));
    }
  },

  globalFetchTooMany: async (t, io) => {
    const target = served(io, "final", finalServe(t), { host: "loopback" });
    let url = target;
    for (let i = 21; i > 0; i--) {
      url = served(io, `hop ${i}`, redirectServe(t, 302, url, `hop ${i}`), { host: "loopback" });
    }
    await fromWorker(t, io, () => settle(t, "inner response", fetch(url)));
  },
};
