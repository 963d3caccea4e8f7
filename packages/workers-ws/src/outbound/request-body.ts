/**
 * A fetch() request's body as the redirect loop sends it, hop after hop. workerd keeps a body made
 * from a string, bytes, a Blob, FormData or URLSearchParams in a buffer and sends it again after a
 * 307 or 308 ("rewinds" it); a body made from a stream can be sent once, and a redirect that needs
 * it again fails (http.c++ handleHttpRedirectResponse, observed: 34-redirects/streamBody307).
 */

export type OutboundBody =
  | { readonly kind: "none" }
  | { readonly kind: "bytes"; readonly bytes: Uint8Array }
  | {
      readonly kind: "stream";
      stream: ReadableStream<Uint8Array> | null;
      /** The Content-Length the request stated, if any (a forwarded request's, for one). */
      readonly length: string | null;
    };

export const NO_BODY: OutboundBody = { kind: "none" };

/** Takes the body out of `request` (the request is used up, as fetch() uses up its input). */
export async function takeBody(request: Request): Promise<OutboundBody> {
  if (request.body === null) return NO_BODY;
  if (isOneTimeUse(request)) {
    return { kind: "stream", stream: request.body, length: request.headers.get("content-length") };
  }
  return { kind: "bytes", bytes: new Uint8Array(await request.arrayBuffer()) };
}

/**
 * What one hop's Request is built with. Bytes go as a fresh stream with their Content-Length, as
 * workerd sends a buffered body: the Worker that receives it sees the length, and its body is a
 * stream it can forward once, like an incoming request's body in workerd.
 */
export function hopBodyInit(body: OutboundBody): {
  body: ReadableStream<Uint8Array> | null;
  contentLength: string | null;
} {
  if (body.kind === "none") return { body: null, contentLength: null };
  if (body.kind === "bytes") {
    const { bytes } = body;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        if (bytes.byteLength > 0) controller.enqueue(bytes.slice());
        controller.close();
      },
    });
    return { body: stream, contentLength: String(bytes.byteLength) };
  }
  const { stream } = body;
  body.stream = null; // sent once; a later hop that needs it fails before this is read again
  return { body: stream, contentLength: body.length };
}

/**
 * Whether the request's body came from a stream. Node's Request (undici) records the body's source
 * in its internal state (the string, bytes, Blob…; null for a stream) and has no public way to ask,
 * so this reads that state; a Request without it is taken as buffered, the lenient choice.
 */
function isOneTimeUse(request: Request): boolean {
  const state = undiciState(request);
  const body = state?.body as { source?: unknown } | null | undefined;
  return body !== null && typeof body === "object" && "source" in body && body.source === null;
}

function undiciState(request: Request): { body?: unknown } | undefined {
  const symbol = Object.getOwnPropertySymbols(request).find((s) => s.description === "state");
  if (symbol === undefined) return undefined;
  const state = (request as unknown as Record<symbol, unknown>)[symbol];
  return typeof state === "object" && state !== null ? (state as { body?: unknown }) : undefined;
}
