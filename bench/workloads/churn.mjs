/**
 * Churn: N pairs per sample are created, both ends accepted and given a close listener, and the
 * server end closes (1000, "bye"). The client answers the Close (workers-ws does it itself with
 * web_socket_auto_reply_to_close; for the others the client's listener calls close()), and the
 * sample ends when both ends of every pair have seen their close event and nothing is left in
 * flight. Pairs per second = N / sample time. With `neighbours` (the scaling run) that many other
 * accepted pairs stay open while the sample runs. Checked: every socket ends CLOSED, and every
 * close event carries code 1000 where the implementation's close events have codes.
 */
import {
  checkNeighbours,
  collectGarbage,
  countdown,
  openNeighbours,
  timeIterations,
} from "../lib/measure.mjs";

export async function run(adapter, config) {
  const { pairsPerSample, warmupIterations, samples, neighbours = 0 } = config.churn;
  const replyByHand = !adapter.repliesToCloseItself;
  const checkCodes = adapter.closeEventsHaveCodes;
  let closes;
  let sockets;
  let others;
  let wrongCodes = 0;
  function onClientClose(event) {
    if (checkCodes && event.code !== 1000) wrongCodes++;
    if (replyByHand) event.target.close(1000, "bye");
    closes.hit();
  }
  function onServerClose(event) {
    if (checkCodes && event.code !== 1000) wrongCodes++;
    closes.hit();
  }

  const timing = await timeIterations({
    name: "churn",
    iterations: samples,
    warmupIterations,
    hooks: {
      async beforeEach() {
        closes = countdown(2 * pairsPerSample);
        sockets = new Array(2 * pairsPerSample).fill(null);
        others = await openNeighbours(adapter, neighbours);
        await collectGarbage();
      },
      async afterEach() {
        for (const ws of sockets) {
          const state = adapter.readyState(ws);
          if (state !== undefined && state !== 3) throw new Error(`a socket ended in readyState ${state}`);
        }
        checkNeighbours(adapter, others, neighbours);
        if (wrongCodes > 0) throw new Error(`${wrongCodes} close events did not carry code 1000`);
        sockets = undefined;
        await adapter.releaseAll();
        others = undefined;
      },
    },
    async fn() {
      for (let i = 0; i < pairsPerSample; i++) {
        const [client, server] = adapter.createPair();
        adapter.accept(client);
        adapter.accept(server);
        client.addEventListener("close", onClientClose);
        server.addEventListener("close", onServerClose);
        server.close(1000, "bye");
        sockets[2 * i] = client;
        sockets[2 * i + 1] = server;
      }
      await closes.done;
      await adapter.settle();
    },
  });
  return {
    unit: "pairs/s",
    value: (pairsPerSample / timing.medianMs) * 1000,
    samplesPerSecond: timing.samplesMs.map((ms) => (pairsPerSample / ms) * 1000),
    samplesMs: timing.samplesMs,
    pairsPerSample,
    neighbours,
  };
}
