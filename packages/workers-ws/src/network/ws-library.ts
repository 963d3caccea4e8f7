/**
 * The ws library and node:http, loaded with the first real connection or server: ws pulls in
 * http, https, net, tls, zlib and crypto, a few tens of milliseconds that every test file paid at
 * import, while most never touch the network. Both are CommonJS, so they load synchronously.
 */
import { createRequire } from "node:module";

type WsLibrary = typeof import("ws");
type NodeHttp = typeof import("node:http");

const require = createRequire(import.meta.url);
let ws: WsLibrary | undefined;
let http: NodeHttp | undefined;

export function wsLibrary(): WsLibrary {
  ws ??= require("ws") as WsLibrary;
  return ws;
}

export function nodeHttp(): NodeHttp {
  http ??= require("node:http") as NodeHttp;
  return http;
}
