// A service-worker syntax Worker (addEventListener("fetch", …), no modules) for
// scenarios/37-service-worker.js. workerd runs it as a second worker (serviceWorkerScript in the
// capnp config) reached through the SW binding; the emulation routes it with serviceWorker(). It
// is its own isolate in workerd, so it cannot use the tracer: what it observes goes to a log that
// GET /log hands out (and empties). The request's path picks the behaviour.

const log = [];

function note(label, value) {
  log.push(value === undefined ? label : `${label}: ${JSON.stringify(value)}`);
}

function describeError(error) {
  return error instanceof Error ? `${error.name}: ${error.message}` : `threw ${String(error)}`;
}

function attempt(label, fn) {
  try {
    note(label, { ok: String(fn()) });
  } catch (error) {
    note(label, { threw: describeError(error) });
  }
}

const behaviours = {
  shape(event) {
    const request = event.request;
    note("event", {
      type: event.type,
      isEvent: event instanceof Event,
      respondWith: typeof event.respondWith,
      waitUntil: typeof event.waitUntil,
      passThroughOnException: typeof event.passThroughOnException,
      cancelable: event.cancelable,
    });
    note("request", {
      method: request.method,
      path: new URL(request.url).pathname,
      header: request.headers.get("x-test"),
      same: event.request === request,
    });
    event.respondWith(new Response(`hello ${request.method}`, { headers: { "x-sw": "yes" } }));
  },
  body(event) {
    event.respondWith(event.request.text().then((text) => new Response(`got ${text}`)));
  },
  twice(event) {
    event.respondWith(new Response("first"));
    attempt("second respondWith", () => event.respondWith(new Response("second")));
  },
  none() {
    note("listener returned without respondWith");
  },
  // Not a case: respondWith() in a timer. workerd never runs that timer (the request has ended);
  // the emulation cannot cancel a finished request's timers.
  afterAwait(event) {
    Promise.resolve().then(() =>
      attempt("respondWith in a microtask", () => event.respondWith(new Response("microtask"))),
    );
  },
  promise(event) {
    event.respondWith(new Promise((resolve) => setTimeout(() => resolve(new Response("later")), 5)));
  },
  notResponse(event) {
    attempt("respondWith(string)", () => event.respondWith("text"));
  },
  promiseOfString(event) {
    event.respondWith(Promise.resolve("text"));
  },
  throws() {
    throw new RangeError("listener boom");
  },
  throwsAfterRespond(event) {
    event.respondWith(new Response("responded"));
    throw new RangeError("after respondWith");
  },
  passThrough(event) {
    event.passThroughOnException();
    throw new RangeError("passed through");
  },
  waitUntil(event) {
    event.waitUntil(
      new Promise((resolve) => setTimeout(resolve, 10)).then(() => note("waitUntil work done")),
    );
    event.respondWith(new Response("responded before the work"));
  },
  upgrade(event) {
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    server.addEventListener("message", (message) => server.send(`echo ${message.data}`));
    event.respondWith(new Response(null, { status: 101, webSocket: client }));
  },
  // The second listener below answers these.
  secondListenerResponds() {
    note("first listener passes");
  },
  bothRespond(event) {
    event.respondWith(new Response("from the first listener"));
  },
};

addEventListener("fetch", (event) => {
  const name = new URL(event.request.url).pathname.slice(1);
  if (name === "log") {
    event.respondWith(new Response(JSON.stringify(log.splice(0))));
    return;
  }
  const behaviour = behaviours[name];
  if (behaviour) return behaviour(event);
  event.respondWith(new Response(`no behaviour ${name}`, { status: 404 }));
});

addEventListener("fetch", (event) => {
  const name = new URL(event.request.url).pathname.slice(1);
  if (name === "secondListenerResponds") event.respondWith(new Response("from the second listener"));
  if (name === "bothRespond") {
    attempt("second listener respondWith", () => event.respondWith(new Response("from the second")));
  }
});
