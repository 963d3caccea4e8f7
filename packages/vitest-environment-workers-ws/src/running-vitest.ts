import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

/** The parts of the `vitest` module this package uses (the same in Vitest 3, 4 and 5). */
export interface RunningVitest {
  expect: unknown;
  vi: { importActual<T = unknown>(path: string): Promise<T> };
}

/**
 * The `vitest` module of the Vitest running this worker. It is imported from the Vitest the working
 * directory resolves (the one the project runs), else the one this package resolves. Resolving
 * only from this package could pick another copy in a monorepo, and what is registered there (or
 * imported through it) would not belong to the running test.
 */
export async function importRunningVitest(): Promise<RunningVitest> {
  for (const base of [join(process.cwd(), "package.json"), import.meta.url]) {
    let entry: string;
    try {
      const manifestPath = createRequire(base).resolve("vitest/package.json");
      const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
        exports: { ".": { import: { default: string } } };
      };
      entry = join(dirname(manifestPath), manifest.exports["."].import.default);
    } catch {
      continue; // not resolvable from this base
    }
    return (await import(pathToFileURL(entry).href)) as RunningVitest;
  }
  return (await import("vitest")) as unknown as RunningVitest;
}
