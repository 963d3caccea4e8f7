/**
 * `npm run typecheck:types`: compiles the type tests (matchers.test-d.ts, environment-options.test-d.ts) against every
 * Vitest this repository has installed: the root's (Vitest 4) and the legs' in test/legs/vitest3
 * and test/legs/vitest5 when they are installed. For a leg, "vitest" is mapped to that leg's copy
 * (TypeScript `paths`), so the test file, the environment's types and the augmentation all see the
 * same Vitest. Fails when any compilation fails; a leg that is not installed is reported and skipped.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const tsc = join(root, "node_modules/typescript/bin/tsc");
const testFiles = [
  join(root, "test/types/matchers.test-d.ts"),
  join(root, "test/types/environment-options.test-d.ts"),
];

const targets = [
  { name: "root", dir: join(root, "node_modules/vitest"), mapped: false },
  { name: "test/legs/vitest3", dir: join(root, "test/legs/vitest3/node_modules/vitest"), mapped: true },
  { name: "test/legs/vitest5", dir: join(root, "test/legs/vitest5/node_modules/vitest"), mapped: true },
];

const work = mkdtempSync(join(tmpdir(), "workers-ws-types-"));
let failed = false;
try {
  for (const target of targets) {
    const manifest = join(target.dir, "package.json");
    if (!existsSync(manifest)) {
      console.log(`- ${target.name}: Vitest not installed, skipped`);
      continue;
    }
    const { version } = JSON.parse(readFileSync(manifest, "utf8"));
    const config = {
      extends: join(root, "tsconfig.base.json"),
      compilerOptions: {
        noEmit: true,
        composite: false,
        declaration: false,
        declarationMap: false,
        skipLibCheck: true,
        types: ["node"],
        typeRoots: [join(root, "node_modules/@types")],
        ...(target.mapped
          ? {
              paths: {
                vitest: [join(target.dir, "dist/index.d.ts")],
                "vitest/config": [join(target.dir, "dist/config.d.ts")],
                "vitest/node": [join(target.dir, "dist/node.d.ts")],
              },
            }
          : {}),
      },
      files: testFiles,
    };
    const configFile = join(work, `tsconfig.${target.name.replaceAll("/", "-")}.json`);
    writeFileSync(configFile, JSON.stringify(config, null, 2));
    const run = spawnSync(process.execPath, [tsc, "-p", configFile], { encoding: "utf8" });
    if (run.status === 0) {
      console.log(`✓ ${target.name}: Vitest ${version}`);
    } else {
      failed = true;
      console.log(`✗ ${target.name}: Vitest ${version}\n${run.stdout}${run.stderr}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
