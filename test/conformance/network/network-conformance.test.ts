// Over a real connection: the same client scenarios (client-trace.mjs) run against the fixture
// Worker served by workerd and served by workers-ws serve(), and the two traces must be identical.
// workerd is started live for each configuration, on 127.0.0.1, and stopped by its PID.

import { afterAll, describe, expect, test } from "vitest";
import { createRuntime, serve } from "workers-ws";
import { type ClientTrace, runClientScenarios } from "./client-trace.mjs";
import fixture from "./fixture-worker.js";
import { type FixtureConfiguration, serveFixtureInWorkerd } from "./workerd-serve.mjs";

/** Compression on and off, and close replies automatic (the newest date) and manual. */
const CONFIGURATIONS: Array<FixtureConfiguration & { id: string }> = [
  { id: "2026-11-01", compatibilityDate: "2026-11-01", compatibilityFlags: [] },
  {
    id: "2026-11-01+no_web_socket_compression",
    compatibilityDate: "2026-11-01",
    compatibilityFlags: ["no_web_socket_compression"],
  },
  {
    id: "2026-11-01+web_socket_manual_reply_to_close",
    compatibilityDate: "2026-11-01",
    compatibilityFlags: ["web_socket_manual_reply_to_close"],
  },
  { id: "2024-01-01", compatibilityDate: "2024-01-01", compatibilityFlags: [] },
];

const stops: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  await Promise.all(stops.map((stop) => stop()));
});

async function workerdTrace(configuration: FixtureConfiguration, compress: boolean): Promise<ClientTrace> {
  const workerd = await serveFixtureInWorkerd(configuration);
  stops.push(workerd.stop);
  try {
    return await runClientScenarios(workerd.url, { compress });
  } finally {
    await workerd.stop();
  }
}

async function servedTrace(configuration: FixtureConfiguration, compress: boolean): Promise<ClientTrace> {
  const { compatibilityDate, compatibilityFlags } = configuration;
  const runtime = createRuntime({ compatibilityDate, compatibilityFlags });
  const restore = runtime.install();
  stops.push(() => runtime.closeNetwork());
  try {
    const served = await serve(fixture);
    return await runClientScenarios(served.url, { compress });
  } finally {
    await runtime.closeNetwork();
    restore();
  }
}

describe.each(CONFIGURATIONS)("over a real connection, $id", (configuration) => {
  test.each([true, false])(
    "a client offering compression: %s",
    async (compress) => {
      const expected = await workerdTrace(configuration, compress);
      const actual = await servedTrace(configuration, compress);
      // Guards against comparing two failures: workerd must have served every scenario.
      for (const [name, lines] of Object.entries(expected)) {
        expect(lines.join("\n"), name).not.toMatch(/scenario failed|nothing matched/);
      }
      expect(actual).toEqual(expected);
    },
    // Each run moves several 32 MiB messages and waits out the close handshakes of ~40 cases.
    120_000,
  );
});
