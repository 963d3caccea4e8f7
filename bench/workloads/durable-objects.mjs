/**
 * Durable Objects on the Hibernation API (issue 19): O objects, each holding S hibernatable sockets
 * accepted with ctx.acceptWebSocket() from stub.fetch() upgrades, then
 *   connect    every socket opened through its object's stub (the object constructed on first use),
 *   broadcast  one message per object, sent to all its S sockets by webSocketMessage,
 *   evict      evictDurableObject() for every object (the sockets stay connected),
 *   wake       one message per object again: a fresh instance is constructed and broadcasts.
 * Each phase is timed until every expected message has arrived; counts (messages, constructions,
 * hibernated objects) are checked before a figure is reported. Memory: the heap after all objects
 * are hibernated, less the heap before the first connect, per hibernatable socket (both ends of
 * each connection and the object's bookkeeping included: what a test file pays per socket it keeps).
 */
import { collectGarbage, countdown } from "../lib/measure.mjs";
import { median } from "../lib/stats.mjs";

function roomClass(counters) {
  return class Room {
    constructor(ctx) {
      this.ctx = ctx;
      counters.constructed++;
    }
    async fetch(request) {
      const pair = new WebSocketPair();
      this.ctx.acceptWebSocket(pair[1], [new URL(request.url).searchParams.get("user") ?? "anon"]);
      return new Response(null, { status: 101, webSocket: pair[0] });
    }
    webSocketMessage(_ws, message) {
      for (const peer of this.ctx.getWebSockets()) peer.send(message);
    }
  };
}

async function heapUsed() {
  await collectGarbage();
  return process.memoryUsage().heapUsed;
}

async function oneRound(adapter, { objects, socketsPerObject }) {
  const api = adapter.module;
  const counters = { constructed: 0 };
  const env = {};
  env.ROOM = api.createDurableObjectNamespace({
    className: "Room",
    bindingName: "ROOM",
    load: () => roomClass(counters),
    env: () => env,
  });
  const before = await heapUsed();
  const rooms = [];
  const phase = {};

  let t0 = performance.now();
  for (let o = 0; o < objects; o++) {
    const stub = env.ROOM.getByName(`room-${o}`);
    const clients = [];
    for (let s = 0; s < socketsPerObject; s++) {
      const response = await stub.fetch(`https://rooms.example/?user=u${s}`, {
        headers: { Upgrade: "websocket" },
      });
      const client = response.webSocket;
      if (response.status !== 101 || !client)
        throw new Error(`room-${o}: upgrade answered ${response.status}`);
      client.accept();
      clients.push(client);
    }
    rooms.push({ stub, clients });
  }
  phase.connectMs = performance.now() - t0;
  if (counters.constructed !== objects) throw new Error(`constructed ${counters.constructed} of ${objects}`);

  const broadcast = async (text) => {
    const arrived = countdown(objects * socketsPerObject);
    const listeners = [];
    for (const { clients } of rooms) {
      for (const client of clients) {
        const listener = (event) => {
          if (event.data === text) arrived.hit();
        };
        client.addEventListener("message", listener);
        listeners.push([client, listener]);
      }
    }
    const start = performance.now();
    for (const { clients } of rooms) clients[0].send(text);
    await arrived.done;
    const ms = performance.now() - start;
    for (const [client, listener] of listeners) client.removeEventListener("message", listener);
    return ms;
  };

  phase.broadcastMs = await broadcast("hello");

  t0 = performance.now();
  for (const { stub } of rooms) await api.evictDurableObject(stub);
  phase.evictMs = performance.now() - t0;
  const hibernated = rooms.filter(({ stub }) => api.isDurableObjectHibernated(stub)).length;
  if (hibernated !== objects)
    throw new Error(`${hibernated} of ${objects} objects hibernated after eviction`);
  const after = await heapUsed();
  phase.bytesPerHibernatedSocket = (after - before) / (objects * socketsPerObject);

  phase.wakeMs = await broadcast("wake");
  if (counters.constructed !== 2 * objects) {
    throw new Error(
      `constructed ${counters.constructed} times, expected ${2 * objects} (once more per object)`,
    );
  }
  for (const { clients } of rooms) for (const client of clients) client.close(1000, "done");
  await adapter.releaseAll();
  return phase;
}

export async function run(adapter, config) {
  if (!adapter.module?.createDurableObjectNamespace) {
    throw new Error(`${adapter.name} has no Durable Objects (createDurableObjectNamespace)`);
  }
  const { objects, socketsPerObject, warmupRounds, rounds } = config.durableObjects;
  for (let r = 0; r < warmupRounds; r++)
    await oneRound(adapter, { objects: Math.ceil(objects / 10), socketsPerObject });
  const measured = [];
  for (let r = 0; r < rounds; r++) measured.push(await oneRound(adapter, { objects, socketsPerObject }));
  const pick = (key) => median(measured.map((m) => m[key]));
  const sockets = objects * socketsPerObject;
  return {
    unit: "ms",
    // The headline: one full cycle (connect, broadcast, evict, wake) of every object.
    value: pick("connectMs") + pick("broadcastMs") + pick("evictMs") + pick("wakeMs"),
    objects,
    socketsPerObject,
    connectMs: pick("connectMs"),
    broadcastMs: pick("broadcastMs"),
    broadcastMessagesPerSecond: (sockets / pick("broadcastMs")) * 1000,
    evictMs: pick("evictMs"),
    wakeMs: pick("wakeMs"),
    bytesPerHibernatedSocket: pick("bytesPerHibernatedSocket"),
    rounds: measured,
  };
}
