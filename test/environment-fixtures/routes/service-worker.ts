// A service-worker syntax Worker (the format of older templates): no exports, a fetch listener
// registered when the script is evaluated. Routed with { module, serviceWorker: true }.
interface FetchEventLike {
  readonly request: Request;
  respondWith(response: Response | Promise<Response>): void;
}

const scope = globalThis as unknown as {
  addEventListener(type: "fetch", listener: (event: FetchEventLike) => void): void;
};

scope.addEventListener("fetch", (event) => {
  event.respondWith(new Response(`service worker greets ${new URL(event.request.url).pathname.slice(1)}`));
});
