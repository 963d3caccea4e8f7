import { DurableObject } from "vitest-environment-workers-ws";

export class Counter extends DurableObject {
  async increment(): Promise<number> {
    const count = (((await this.ctx.storage.get("count")) as number | undefined) ?? 0) + 1;
    await this.ctx.storage.put("count", count);
    return count;
  }
}
