import { fileURLToPath } from "node:url";
import { workersWs } from "vitest-environment-workers-ws/plugin";

/**
 * The test projects each Vitest leg runs: the root vitest.workspace.ts's "environment" and
 * "docblock" projects, pointed at the same test files (nothing is copied). test/legs/run.mjs reads
 * `legProjects` too, to check that every one of these files ran.
 */
export const legProjects = [
  {
    name: "environment",
    dir: "test/environment",
    environment: "workers-ws",
    environmentOptions: { "workers-ws": { compatibilityDate: "2026-11-01" } },
  },
  // The project's environment is node; test/docblock/docblock.test.ts switches itself to workers-ws.
  { name: "docblock", dir: "test/docblock", environment: "node" },
  // wrangler.jsonc projects with a Durable Object (Hibernation API; plain accept()), their tests
  // importing cloudflare:test, as a user configures them: the workersWs() plugin and the wrangler
  // option (each project's root is its directory).
  {
    name: "durable-chat",
    dir: "fixtures/durable-chat",
    root: true,
    plugins: true,
    environment: "workers-ws",
    environmentOptions: { "workers-ws": { wrangler: "./wrangler.jsonc" } },
  },
  {
    name: "durable-plain",
    dir: "fixtures/durable-plain",
    root: true,
    plugins: true,
    environment: "workers-ws",
    environmentOptions: { "workers-ws": { wrangler: "./wrangler.jsonc" } },
  },
  // A new_sqlite_classes object using ctx.storage.sql: the node:sqlite path on the vitest5 leg's
  // Node 24, the "needs Node.js 22.16" error on the vitest3 leg's Node 20 (sql-path.mjs).
  {
    name: "durable-sql",
    dir: "fixtures/durable-sql",
    root: true,
    plugins: true,
    environment: "workers-ws",
    environmentOptions: { "workers-ws": { wrangler: "./wrangler.jsonc" } },
  },
  // Browser pages (happy-dom) and the chat page, configured as in vitest.workspace.ts's "browser".
  ...["test/browser", "fixtures/chat-page"].map((dir) => ({
    name: `browser-${dir.split("/")[1]}`,
    dir,
    environment: "workers-ws",
    environmentOptions: {
      "workers-ws": {
        compatibilityDate: "2026-11-01",
        routes: {
          "chat-app.example": fileURLToPath(new URL(`../../fixtures/chat-page/site.ts`, import.meta.url)),
        },
      },
    },
  })),
];

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/**
 * The Vitest config of the leg whose config file is at `legConfigUrl`. The leg's directory is the
 * root: Vitest resolves `vitest-environment-workers-ws` from there (up to the workspace's
 * node_modules, as in a user's project), and the environment and the fixtures find the leg's own
 * Vitest from the working directory, which test/legs/run.mjs sets to the leg's directory.
 */
export function legConfig(legConfigUrl) {
  return {
    root: fileURLToPath(new URL(".", legConfigUrl)),
    // Workspace packages stay at their node_modules paths, so Vitest externalises them as it does
    // for a user who installed them from npm (as in vitest.workspace.ts).
    resolve: { preserveSymlinks: true },
    test: {
      projects: legProjects.map(({ name, dir, root, plugins, environment, environmentOptions }) => ({
        extends: true,
        ...(plugins ? { plugins: [workersWs()] } : {}),
        test: {
          name,
          ...(root ? { root: `${repoRoot}${dir}` } : { dir: `${repoRoot}${dir}` }),
          include: ["**/*.test.ts"],
          environment,
          ...(environmentOptions ? { environmentOptions } : {}),
        },
      })),
    },
  };
}
