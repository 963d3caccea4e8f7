/**
 * The list of workerd's flag names (src/compat/workerd-flag-names.ts) against the workerd binary
 * installed from devDependencies: workerd is started once with every name, and its errors must say
 * that no name is unknown and which pairs contradict each other, exactly as the list pairs them.
 * Also: the flags workers-ws emulates are workerd flags, with the same enable/disable pairing.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMPAT_FLAGS } from "workers-ws";
import { WORKERD_FLAG_PAIRS, WORKERD_SINGLE_FLAGS } from "../src/compat/workerd-flag-names.js";

const workerdBin = createRequire(import.meta.url).resolve("workerd/bin/workerd");

function workerdErrors(flags: readonly string[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "workers-ws-flags-"));
  writeFileSync(join(dir, "w.js"), 'export default { fetch() { return new Response("ok"); } };\n');
  writeFileSync(
    join(dir, "config.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = (modules = [(name = "w.js", esModule = embed "w.js")],
    compatibilityDate = "2026-11-01", compatibilityFlags = ${JSON.stringify(flags)}))],
);
`,
  );
  return new Promise((resolve) => {
    // --experimental: experimental flags are real names too; without it workerd refuses them.
    execFile(
      workerdBin,
      ["test", "--experimental", join(dir, "config.capnp")],
      { timeout: 60_000 },
      (_e, out, err) => {
        rmSync(dir, { recursive: true, force: true });
        resolve(`${out}\n${err}`);
      },
    );
  });
}

describe("workerd's flag names", () => {
  it("are all known to the installed workerd, paired as workerd pairs them", async () => {
    const all = [...WORKERD_FLAG_PAIRS.flat(), ...WORKERD_SINGLE_FLAGS];
    const output = await workerdErrors(all);
    expect(output).toContain("Compatibility flags are mutually contradictory");
    expect(output.match(/No such compatibility flag: \S+/g) ?? []).toEqual([]);
    const contradictions = [...output.matchAll(/mutually contradictory: (\S+) vs (\S+)/g)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(contradictions.sort()).toEqual(WORKERD_FLAG_PAIRS.map(([a, b]) => `${a} ${b}`).sort());
  }, 60_000);

  it("refuses a name that is not a flag (the check above can fail)", async () => {
    expect(await workerdErrors(["nodejs_compt"])).toContain("No such compatibility flag: nodejs_compt");
  }, 60_000);

  it("include every flag workers-ws emulates, with the same pairing", () => {
    const pairs = new Map(WORKERD_FLAG_PAIRS.map(([enable, disable]) => [enable, disable]));
    for (const def of COMPAT_FLAGS) {
      if (def.disable) expect(pairs.get(def.enable)).toBe(def.disable);
      else expect(WORKERD_SINGLE_FLAGS).toContain(def.enable);
    }
  });
});
