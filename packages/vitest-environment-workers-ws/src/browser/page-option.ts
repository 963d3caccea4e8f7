/**
 * The environment's `page` option: one page opened before the file's tests, whose `window` and
 * `document` are installed as globals (by descriptor, put back at teardown). Only those two: the
 * test file's WebSocket, Response, fetch and the other Workers globals stay the Workers ones, so
 * Worker code imported by the test keeps running as in workerd; the page's own classes are
 * `window.WebSocket`, `window.fetch`, and so on.
 */
import type { Runtime } from "workers-ws";
import { type OpenPageOptions, type OpenPageRecord, openPageIn, pageRecordOf } from "./open-page.js";

const GLOBALS = ["window", "document"] as const;

export async function installPageOption(
  global: object,
  runtime: Runtime,
  options: OpenPageOptions | undefined,
): Promise<{ record: OpenPageRecord; close(): Promise<void> } | undefined> {
  if (options === undefined) return undefined;
  const page = await openPageIn(runtime, options, "");
  const record = pageRecordOf(page) as OpenPageRecord;
  const saved = GLOBALS.map((name) => [name, Object.getOwnPropertyDescriptor(global, name)] as const);
  Object.defineProperty(global, "window", { value: page, configurable: true, writable: true });
  Object.defineProperty(global, "document", { value: page.document, configurable: true, writable: true });
  return {
    record,
    async close() {
      for (const [name, descriptor] of saved) {
        if (descriptor) Object.defineProperty(global, name, descriptor);
        else delete (global as Record<string, unknown>)[name];
      }
      await record.close();
    },
  };
}
