/**
 * `SELF` of `cloudflare:test`: a Fetcher whose fetch() reaches the default export of the Worker's
 * `main` module in memory (dispatchFetch), with the file's `env`. A WebSocket upgrade answered with
 * a 101 hands the test the caller's end, as a service binding's fetch() does in workerd.
 */
import { dispatchFetch, type WorkerLike } from "workers-ws";
import { exportOf, importUserModule, WorkersWsModuleError } from "./import-user-module.js";

export class SelfFetcher {
  readonly #main: string | undefined;
  readonly #mainLabel: string;
  readonly #env: () => object;
  #worker: Promise<WorkerLike> | undefined;

  /** `main` absolute or relative to the project root; `mainLabel` names where it was configured. */
  constructor(main: string | undefined, mainLabel: string, env: () => object) {
    this.#main = main;
    this.#mainLabel = mainLabel;
    this.#env = env;
  }

  async fetch(input: Request | string | URL, init?: RequestInit): Promise<Response> {
    const worker = await this.#loadWorker();
    return (await dispatchFetch(worker, input, init, { env: this.#env() })) as unknown as Response;
  }

  connect(): never {
    throw new WorkersWsModuleError(
      "workers-ws: SELF.connect() (TCP sockets) is not emulated; use SELF.fetch().",
    );
  }

  #loadWorker(): Promise<WorkerLike> {
    const main = this.#main;
    if (main === undefined) {
      return Promise.reject(
        new WorkersWsModuleError(
          "workers-ws: SELF needs the Worker's main module: set main in the wrangler config the wrangler option names.",
        ),
      );
    }
    // One import per test file; a failed import is retried by the next fetch (the file may be fixed).
    this.#worker ??= importUserModule(main, this.#mainLabel).then(
      (module) => exportOf(module, "default", `${this.#mainLabel} ${main}`) as WorkerLike,
      (error: unknown) => {
        this.#worker = undefined;
        throw error;
      },
    );
    return this.#worker;
  }
}
