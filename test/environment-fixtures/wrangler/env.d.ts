// The bindings wrangler.jsonc and the vars option give this project's env.
declare module "cloudflare:test" {
  interface ProvidedEnv {
    GREETING: string;
    LIMITS: { maxRooms: number };
    EXTRA: string;
    COUNTER: {
      getByName(name: string): import("vitest-environment-workers-ws").DurableObjectStub & {
        increment(by?: number): Promise<number>;
      };
    } & import("vitest-environment-workers-ws").DurableObjectNamespace;
  }
}
