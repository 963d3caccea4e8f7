import { defineConfig } from "vitest/config";

// A Durable Object from the durableObjects option that keeps a hibernatable socket open at the end.
export default defineConfig({
  resolve: { preserveSymlinks: true },
  test: {
    root: import.meta.dirname,
    include: ["*.test.ts"],
    environment: "workers-ws",
    environmentOptions: {
      "workers-ws": { durableObjects: { LOBBY: { module: "./lobby.ts", className: "Lobby" } } },
    },
  },
});
