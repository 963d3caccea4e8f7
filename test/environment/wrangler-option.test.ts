import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  parseEnvironmentOptions,
  readWranglerConfig,
  WranglerConfigError,
} from "vitest-environment-workers-ws";
import { runFixture } from "./run-fixture.js";

const dir = mkdtempSync(join(tmpdir(), "workers-ws-wrangler-"));
let count = 0;
/** Writes a config file into a directory of its own (relative main paths start there). */
function configFile(name: string, text: string): string {
  const sub = join(dir, String(count++));
  mkdirSync(sub, { recursive: true });
  const file = join(sub, name);
  writeFileSync(file, text);
  return file;
}

describe("the wrangler option", () => {
  it("a wrangler.jsonc project: env from vars, SELF to main, cloudflare:* modules and module rules (workersWs() plugin)", async () => {
    const run = await runFixture("wrangler");
    expect(run.output).toContain("15 passed");
    expect(run.code).toBe(0);
  }, 60_000);

  it("without the plugin, cloudflare:test is not found: Vitest's server resolves it before the environment sees it", async () => {
    const run = await runFixture("no-plugin");
    expect(run.output).toContain("Cannot find package 'cloudflare:test'");
    expect(run.code).not.toBe(0);
  }, 60_000);

  it("with isolate: false and the setup file, each file still gets its own env and empty namespaces", async () => {
    const run = await runFixture("isolate-off-bindings");
    expect(run.output).toContain("2 passed");
    expect(run.code).toBe(0);
  }, 60_000);

  it("a socket an object still holds when the file ends is reported with its binding, class and id", async () => {
    const run = await runFixture("leftover-objects");
    expect(run.output).toContain("1 passed");
    expect(run.output).toMatch(
      /2 WebSockets were still open when the test file ended; closed now\.\n {2}1\. 2 WebSockets, the two ends of one connection, readyState 1 \(OPEN\), accepted by LOBBY \(Lobby\) [0-9a-f]{64}, created at:/,
    );
    expect(run.code).toBe(0);
  }, 60_000);

  it("projects sharing the plugin each get their own wrangler file's module rules", async () => {
    const run = await runFixture("projects-rules");
    expect(run.output).toContain("2 passed");
    expect(run.code).toBe(0);
  }, 60_000);

  it("reads the same keys from wrangler.toml and wrangler.json", () => {
    const toml = configFile(
      "wrangler.toml",
      [
        'name = "chat"',
        'main = "src/worker.ts"',
        'compatibility_date = "2025-04-01"',
        'compatibility_flags = ["nodejs_compat"]',
        "[vars]",
        'GREETING = "hi"',
        "[[durable_objects.bindings]]",
        'name = "ROOM"',
        'class_name = "ChatRoom"',
        "[[migrations]]",
        'tag = "v1"',
        'new_sqlite_classes = ["ChatRoom"]',
      ].join("\n"),
    );
    const fromToml = readWranglerConfig(toml, "/");
    expect(fromToml).toMatchObject({
      name: "chat",
      main: join(dir, "0", "src/worker.ts"),
      compatibilityDate: "2025-04-01",
      compatibilityFlags: ["nodejs_compat"],
      vars: { GREETING: "hi" },
      durableObjects: [{ binding: "ROOM", className: "ChatRoom", sql: true }],
      baseDir: join(dir, "0", "src"),
    });
    const json = configFile(
      "wrangler.json",
      JSON.stringify({
        name: "chat",
        main: "src/worker.ts",
        compatibility_date: "2025-04-01",
        compatibility_flags: ["nodejs_compat"],
        vars: { GREETING: "hi" },
        durable_objects: { bindings: [{ name: "ROOM", class_name: "ChatRoom" }] },
        migrations: [{ tag: "v1", new_sqlite_classes: ["ChatRoom"] }],
      }),
    );
    const fromJson = readWranglerConfig(json, "/");
    expect({ ...fromJson, file: "", main: "", baseDir: "" }).toEqual({
      ...fromToml,
      file: "",
      main: "",
      baseDir: "",
    });
  });

  it("a relative path starts at the root given; a script_name equal to the Worker's own name is this Worker", () => {
    const file = configFile(
      "wrangler.jsonc",
      '{ "name": "me", "main": "w.ts", "durable_objects": { "bindings": [{ "name": "A", "class_name": "A", "script_name": "me" }] } }',
    );
    const project = readWranglerConfig("wrangler.jsonc", join(file, ".."));
    expect(project.file).toBe(file);
    expect(project.durableObjects).toEqual([{ binding: "A", className: "A", sql: false }]);
  });

  const invalid: [string, string, string, string][] = [
    [
      "JSONC syntax",
      "wrangler.jsonc",
      '{\n  "main": "w.ts",\n  "vars": { "A": }\n}',
      "invalid JSONC at line 3, column 18 (ValueExpected).",
    ],
    [
      "TOML syntax",
      "wrangler.toml",
      'main = "w.ts"\nvars = \n',
      "invalid TOML at line 2, column 8 (invalid value).",
    ],
    [
      "a top level that is not an object",
      "wrangler.json",
      "[1]",
      "the config must be an object at its top level.",
    ],
    [
      "main that is not a string",
      "wrangler.json",
      '{ "main": 3 }',
      "main: must be a non-empty string; got 3.",
    ],
    [
      "flags that are not strings",
      "wrangler.json",
      '{ "compatibility_flags": "nodejs_compat" }',
      'compatibility_flags: must be a list of flag names (strings); got "nodejs_compat".',
    ],
    [
      "vars that are not an object",
      "wrangler.json",
      '{ "vars": ["A"] }',
      'vars: must be an object mapping binding names to values; got ["A"].',
    ],
    [
      "another Worker's Durable Object",
      "wrangler.json",
      '{ "name": "me", "main": "w.ts", "durable_objects": { "bindings": [{ "name": "ROOM", "class_name": "Room", "script_name": "rooms" }] } }',
      'durable_objects.bindings[0].script_name: "rooms" is another Worker\'s Durable Object; workers-ws runs the classes of this Worker only (its main module). Remove script_name, or test that Worker with its own config.',
    ],
    [
      "a binding without class_name",
      "wrangler.json",
      '{ "main": "w.ts", "durable_objects": { "bindings": [{ "name": "ROOM" }] } }',
      "durable_objects.bindings[0].class_name: must be the name of a class exported by main (a non-empty string); got undefined.",
    ],
    [
      "a binding declared twice",
      "wrangler.json",
      '{ "main": "w.ts", "durable_objects": { "bindings": [{ "name": "R", "class_name": "A" }, { "name": "R", "class_name": "B" }] } }',
      'durable_objects.bindings[1].name: the binding "R" is declared twice.',
    ],
    [
      "Durable Objects without main",
      "wrangler.json",
      '{ "durable_objects": { "bindings": [{ "name": "R", "class_name": "A" }] } }',
      "main: durable_objects.bindings name classes the Worker's entry module exports, so the config needs main (the path of that module).",
    ],
    [
      "a Python module rule",
      "wrangler.json",
      '{ "rules": [{ "type": "PythonModule", "globs": ["**/*.py"] }] }',
      'rules[0].type: "PythonModule" is not supported; workers-ws loads rules of type Text, Data, CompiledWasm, ESModule, CommonJS (Python modules are not emulated).',
    ],
    [
      "a rule without globs",
      "wrangler.json",
      '{ "rules": [{ "type": "Text", "globs": [] }] }',
      "rules[0].globs: must be a non-empty list of glob strings; got [].",
    ],
  ];
  it.each(invalid)("rejects %s, naming the file and key", (_, name, text, message) => {
    const file = configFile(name, text);
    let error: unknown;
    try {
      readWranglerConfig(file, "/");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(WranglerConfigError);
    expect((error as Error).message).toBe(`workers-ws: ${file}: ${message}`);
  });

  it("names a missing file and a file that is not a wrangler config", () => {
    const missing = join(dir, "nowhere", "wrangler.jsonc");
    expect(() => readWranglerConfig(missing, "/")).toThrow(
      `workers-ws: ${missing}: the wrangler config file does not exist (the wrangler option's path starts at the Vitest project root).`,
    );
    expect(() => readWranglerConfig(configFile("wrangler.yaml", "main: x"), "/")).toThrow(
      "a wrangler config file ends in .jsonc, .json, .toml (wrangler.jsonc, wrangler.json or wrangler.toml).",
    );
  });

  it("explicit compatibility options win over the file's; vars merge key by key; bad option values are named", () => {
    const file = configFile(
      "wrangler.jsonc",
      '{ "main": "w.ts", "compatibility_date": "2024-01-01", "compatibility_flags": ["nodejs_compat"], "vars": { "A": "file", "B": "file" } }',
    );
    const parsed = parseEnvironmentOptions({
      "workers-ws": { wrangler: file, compatibilityDate: "2026-11-01", vars: { B: "option" } },
    });
    expect(parsed.runtime.settings.compatibilityDate).toBe("2026-11-01");
    expect(parsed.runtime.settings.unemulatedFlags).toEqual(["nodejs_compat"]);
    expect(parsed.bindings.vars).toEqual({ A: "file", B: "option" });
    expect(() => parseEnvironmentOptions({ "workers-ws": { wrangler: 3 } })).toThrow(
      "workers-ws option wrangler must be the path of a wrangler.jsonc, wrangler.json or wrangler.toml; got 3.",
    );
    expect(() => parseEnvironmentOptions({ "workers-ws": { vars: "A=1" } })).toThrow(
      'workers-ws option vars must be an object mapping binding names to values, e.g. { GREETING: "hello" }; got "A=1".',
    );
  });

  it("puts the config's rules before wrangler's defaults; a rule without fallthrough ends its type", () => {
    const file = configFile(
      "wrangler.json",
      JSON.stringify({
        main: "src/w.ts",
        rules: [
          { type: "Data", globs: ["**/*.dat"], fallthrough: true },
          { type: "Text", globs: ["**/*.md"] },
        ],
      }),
    );
    expect(readWranglerConfig(file, "/").rules).toEqual([
      { type: "Data", globs: ["**/*.dat"], fallthrough: true },
      // No fallthrough: the default Text rule (.txt, .html, .sql) no longer applies, as in wrangler.
      { type: "Text", globs: ["**/*.md"], fallthrough: false },
      { type: "Data", globs: ["**/*.bin"], fallthrough: false },
      { type: "CompiledWasm", globs: ["**/*.wasm", "**/*.wasm?module"], fallthrough: false },
    ]);
  });

  it("checks the durableObjects option, naming the binding and field", () => {
    const parse = (durableObjects: unknown) => () =>
      parseEnvironmentOptions({ "workers-ws": { durableObjects } });
    expect(parse([])).toThrow(
      'workers-ws option durableObjects must be an object mapping a binding name to { module, className }, e.g. { ROOM: { module: "./src/room.ts", className: "ChatRoom" } }; got [].',
    );
    expect(parse({ ROOM: "./room.ts" })).toThrow(
      'workers-ws option durableObjects.ROOM must be { module, className }; got "./room.ts".',
    );
    expect(parse({ ROOM: { module: "./room.ts", className: "Room", script: "x" } })).toThrow(
      'workers-ws option durableObjects.ROOM has unknown field "script"; valid fields: module, className, sql.',
    );
    expect(parse({ ROOM: { module: "./room.ts", className: "Room", sql: "yes" } })).toThrow(
      'workers-ws option durableObjects.ROOM.sql must be true or false; got "yes".',
    );
    expect(parse({ ROOM: { module: "./room.ts" } })).toThrow(
      "workers-ws option durableObjects.ROOM.className must be the name of the class the module exports; got undefined.",
    );
    expect(parse({ ROOM: { module: "/no/such/room.ts", className: "Room" } })).toThrow(
      'workers-ws option durableObjects.ROOM.module: "/no/such/room.ts" does not exist.',
    );
  });

  it("migrations make the classes in new_sqlite_classes SQLite-backed, following renames and deletions", () => {
    const file = configFile(
      "wrangler.jsonc",
      JSON.stringify({
        main: "w.ts",
        durable_objects: {
          bindings: ["Kv", "Sql", "Renamed", "Gone", "Later"].map((name) => ({
            name: name.toUpperCase(),
            class_name: name,
          })),
        },
        migrations: [
          { tag: "v1", new_classes: ["Kv"], new_sqlite_classes: ["Sql", "Old", "Gone"] },
          { tag: "v2", renamed_classes: [{ from: "Old", to: "Renamed" }], deleted_classes: ["Gone"] },
          { tag: "v3", new_sqlite_classes: ["Later"] },
        ],
      }),
    );
    expect(
      readWranglerConfig(file, "/").durableObjects.map(({ className, sql }) => `${className}: ${sql}`),
    ).toEqual(["Kv: false", "Sql: true", "Renamed: true", "Gone: false", "Later: true"]);
  });

  it("an explicit durableObjects entry may say sql: true; the wrangler file's kind is kept otherwise", () => {
    const file = configFile(
      "wrangler.jsonc",
      JSON.stringify({
        main: "w.ts",
        durable_objects: {
          bindings: [
            { name: "A", class_name: "A" },
            { name: "B", class_name: "B" },
          ],
        },
        migrations: [{ tag: "v1", new_sqlite_classes: ["A"] }],
      }),
    );
    const parsed = parseEnvironmentOptions({
      "workers-ws": {
        wrangler: file,
        durableObjects: { B: { module: "./b.ts", className: "B", sql: true } },
      },
    });
    expect(parsed.bindings.durableObjects.map(({ binding, sql }) => `${binding}: ${sql}`)).toEqual([
      "A: true",
      "B: true",
    ]);
  });

  it("a migrations key of the wrong shape is an error naming the key", () => {
    const read = (migrations: unknown) => () =>
      readWranglerConfig(configFile("wrangler.json", JSON.stringify({ migrations })), "/");
    expect(read({ tag: "v1" })).toThrow(
      /migrations: must be a list of \{ tag, new_classes\?, new_sqlite_classes\?, … \} entries; got \{"tag":"v1"\}\./,
    );
    expect(read([{ tag: "v1", new_sqlite_classes: "Room" }])).toThrow(
      /migrations\[0\]\.new_sqlite_classes: must be a list of class names \(strings\); got "Room"\./,
    );
    expect(read([{ tag: "v1", renamed_classes: [{ from: "A" }] }])).toThrow(
      /migrations\[0\]\.renamed_classes\[0\]: must be \{ from, to \} with two class names/,
    );
  });

  it("a newer compatibility_date is used as the newest known one", () => {
    const file = configFile("wrangler.jsonc", '{ "compatibility_date": "2099-01-01" }');
    const parsed = parseEnvironmentOptions({ "workers-ws": { wrangler: file } });
    expect(parsed.runtime.settings.requestedCompatibilityDate).toBe("2099-01-01");
    expect(parsed.runtime.settings.compatibilityDate).not.toBe("2099-01-01");
  });
});
