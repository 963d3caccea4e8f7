// Serves fixture-worker.js with the real workerd on 127.0.0.1, for the network comparison. The
// process is started here and stopped by its PID; its temporary directory is removed.

import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { workerdBinary } from "../runner/runner-workerd.mjs";

const FIXTURE = fileURLToPath(new URL("./fixture-worker.js", import.meta.url));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function config(port, { compatibilityDate, compatibilityFlags }) {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .fixture),
    # The fixture connects out to servers the test starts on loopback.
    (name = "loopback", network = (allow = ["public", "local"])),
  ],
  sockets = [ (name = "http", address = ${JSON.stringify(`127.0.0.1:${port}`)}, http = (), service = "main") ],
);

const fixture :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = ${JSON.stringify(compatibilityDate)},
  compatibilityFlags = [${compatibilityFlags.map((flag) => JSON.stringify(flag)).join(", ")}],
  globalOutbound = "loopback",
);
`;
}

/** Starts workerd serving the fixture; resolves { url, output, stop() } once it answers. */
export async function serveFixtureInWorkerd(configuration) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "workers-ws-network-"));
  const port = await freePort();
  copyFileSync(FIXTURE, path.join(dir, "worker.js"));
  writeFileSync(path.join(dir, "config.capnp"), config(port, configuration));
  const child = spawn(workerdBinary(), ["serve", "config.capnp", "--experimental"], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = { text: "" };
  child.stdout.on("data", (chunk) => (output.text += chunk));
  child.stderr.on("data", (chunk) => (output.text += chunk));
  const exited = new Promise((resolve) => child.on("exit", resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const response = await fetch(`${url}/log`, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return { url, output, stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await stop();
  throw new Error(`workerd did not start serving the fixture:\n${output.text}`);
}
