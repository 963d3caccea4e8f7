// In the style `wrangler types` generates: the project's bindings as a global Env (through the
// Cloudflare namespace that @cloudflare/workers-types declares). wrangler also writes the runtime's
// types into this file; here the reference to @cloudflare/workers-types stands for them.
/// <reference types="@cloudflare/workers-types" />
declare namespace Cloudflare {
  interface Env {
    ROOM_NAME: "lobby";
    SECRET: string;
  }
}
interface Env extends Cloudflare.Env {}
