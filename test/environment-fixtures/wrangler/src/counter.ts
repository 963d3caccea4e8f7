import { DurableObject } from "cloudflare:workers";

interface Env {
  GREETING: string;
}

/** A Durable Object as `wrangler init` projects write them: RPC methods, fetch(), storage. */
export class Counter extends DurableObject<Env> {
  /** In memory only: an eviction resets it, the stored count survives. */
  calls = 0;

  async increment(by = 1): Promise<number> {
    this.calls++;
    const count = (((await this.ctx.storage.get("count")) as number | undefined) ?? 0) + by;
    await this.ctx.storage.put("count", count);
    return count;
  }

  async fetch(): Promise<Response> {
    return new Response(
      `${this.env.GREETING}: ${((await this.ctx.storage.get("count")) as number | undefined) ?? 0}`,
    );
  }

  /** Runs when the alarm set with setAlarm() fires (runDurableObjectAlarm in the tests). */
  async alarm(): Promise<void> {
    await this.ctx.storage.put("alarmed", true);
  }
}
