/**
 * The packages as `npm pack` ships them (issue 18): every source map, JavaScript and declaration,
 * points at sources that are in the tarball (Vite warns "points to missing source files" on every
 * run otherwise, and stack frames name files that do not exist); build state stays out. Reads the
 * built dist/ of the checkout, so it runs after `npm run build`, as `npm test` does.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

interface PackedFile {
  readonly path: string;
}

function packedFiles(workspace: string): string[] {
  const out = execFileSync(npm, ["pack", "--dry-run", "--json", "--ignore-scripts", "-w", workspace], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  const [pack] = JSON.parse(out) as { files: PackedFile[] }[];
  return (pack as { files: PackedFile[] }).files.map((file) => file.path);
}

describe.each(["packages/workers-ws", "packages/vitest-environment-workers-ws"])(
  "%s, packed",
  (workspace) => {
    const files = packedFiles(workspace);
    const maps = files.filter((path) => path.endsWith(".map"));

    it("ships source maps (the check below has some to check)", () => {
      expect(maps.some((path) => path.endsWith(".js.map"))).toBe(true);
      expect(maps.some((path) => path.endsWith(".d.ts.map"))).toBe(true);
    });

    it("every map's sources are in the tarball", () => {
      const missing: string[] = [];
      for (const map of maps) {
        const { sources } = JSON.parse(readFileSync(join(root, workspace, map), "utf8")) as {
          sources: string[];
        };
        for (const source of sources) {
          const target = posix.normalize(posix.join(posix.dirname(map), source));
          if (!files.includes(target)) missing.push(`${map} → ${source}`);
        }
      }
      expect(missing).toEqual([]);
    });

    it("ships every file its exports map names (entries such as /plugin and /types/cloudflare-test)", () => {
      const manifest = JSON.parse(readFileSync(join(root, workspace, "package.json"), "utf8")) as {
        exports: Record<string, string | Record<string, string>>;
      };
      const targets = Object.values(manifest.exports).flatMap((entry) =>
        typeof entry === "string" ? [entry] : Object.values(entry),
      );
      const missing = targets
        .map((target) => posix.normalize(target))
        .filter((target) => !files.includes(target));
      expect(missing).toEqual([]);
    });

    it("leaves out TypeScript's build state", () => {
      expect(files.filter((path) => path.endsWith(".tsbuildinfo"))).toEqual([]);
      expect(files).toContain("package.json");
      expect(files).toContain("README.md");
      expect(dirname(files.find((path) => path.endsWith("index.js")) ?? "")).toBe("dist");
    });
  },
);
