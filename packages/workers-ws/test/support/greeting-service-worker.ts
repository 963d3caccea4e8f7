// A service-worker syntax Worker, as older templates write it: it registers its fetch listener
// when the module is evaluated (used by service-worker.test.ts through serviceWorker()).
import type { FetchEvent } from "workers-ws";

const scope = globalThis as unknown as {
  addEventListener(type: "fetch", listener: (event: FetchEvent) => void): void;
};

scope.addEventListener("fetch", (event) => {
  event.respondWith(new Response(`greetings from ${new URL(event.request.url).pathname}`));
});
