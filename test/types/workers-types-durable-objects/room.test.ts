/**
 * A test written for @cloudflare/vitest-pool-workers, its cloudflare:test types from this package:
 * it compiles unchanged against workers-types' stubs, namespaces and DurableObjectState. Compiled
 * only (without Vitest's own types, which need skipLibCheck with the matcher types on Vitest 4).
 */
import {
  env,
  evictDurableObject,
  isDurableObjectHibernated,
  listDurableObjectIds,
  runDurableObjectAlarm,
  runInDurableObject,
  SELF,
} from "cloudflare:test";
import type { Env, Room } from "./room.js";

declare module "cloudflare:test" {
  interface ProvidedEnv extends Env {}
}

export async function reachesTheRoom(): Promise<[number, number, DurableObjectId[], boolean, number]> {
  const stub = env.ROOMS.getByName("lobby");
  const members: number = await stub.members();
  const sockets: number = await runInDurableObject(stub, async (room: Room, state: DurableObjectState) => {
    return state.getWebSockets().length + (await room.members());
  });
  const ids: DurableObjectId[] = await listDurableObjectIds(env.ROOMS);
  await evictDurableObject(stub);
  const hibernated: boolean = isDurableObjectHibernated(stub);
  const alarmRan: boolean = await runDurableObjectAlarm(stub);
  const response = await SELF.fetch("https://rooms.example/");
  return [members, sockets, ids, hibernated && alarmRan, response.status];
}
