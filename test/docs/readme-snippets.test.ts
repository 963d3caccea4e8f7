/**
 * Every ```ts/```js block of README.md and the package READMEs (issue 18): each parses as a user
 * pastes it and type-checks against the built packages; the first example (Worker and test) and
 * every `// vitest.config.ts` block run in Vitest. See snippets.ts for how a block is read.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { checkedText, type Snippet, snippetsOf, syntaxErrors } from "./snippets.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const readmes = [
  "README.md",
  "packages/workers-ws/README.md",
  "packages/vitest-environment-workers-ws/README.md",
];
const snippets = readmes.flatMap((file) => snippetsOf(join(root, file), root));
const label = (s: Snippet) => `${s.source}:${s.line}`;

/** The file a snippet names in its first line (`// worker.js`, `// vitest.config.ts`), if any. */
function namedFile(snippet: Snippet): string | undefined {
  return /^\/\/ ([\w.-]+\.(?:[mc]?[jt]s))\b/.exec(snippet.code)?.[1];
}

const readmeWorker = snippets.find((s) => namedFile(s) === "worker.js");
const firstTest = snippets.find((s) => namedFile(s) === "worker.test.ts");

// Inside the repository, so the packages and Vitest resolve from its node_modules.
const work = mkdtempSync(join(root, "test/docs/.snippets-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("README snippets", () => {
  it("are found (the check below can only fail if there are some)", () => {
    expect(snippets.length).toBeGreaterThan(15);
    expect(readmeWorker && firstTest).toBeTruthy();
  });

  it.each(snippets.map((s) => [label(s), s] as const))("%s parses as pasted", (_, snippet) => {
    expect(syntaxErrors(snippet)).toEqual([]);
  });

  it("a `;` inside an object literal is caught (the old setupFiles snippet)", () => {
    const old: Snippet = {
      source: "old",
      line: 1,
      lang: "ts",
      code: 'test: {\n  setupFiles: ["vitest-environment-workers-ws/setup"];\n}\n',
      kind: "test-config-members",
    };
    expect(syntaxErrors(old)).toEqual(["',' expected."]);
  });

  it("type-check against the built packages (strict, with the /globals types)", () => {
    const files = snippets.map((snippet, index) => writeForTypeCheck(snippet, index));
    const ambient = join(work, "ambient.d.ts");
    writeFileSync(ambient, AMBIENT);
    const program = ts.createProgram([ambient, ...files.map((f) => f.path)], {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ["lib.es2023.d.ts"],
      types: [
        "node",
        "vitest-environment-workers-ws/globals",
        // The cloudflare:test / cloudflare:workers modules the Durable Object examples import.
        "vitest-environment-workers-ws/types/cloudflare-test",
        "vitest-environment-workers-ws/types/cloudflare-workers",
      ],
      strict: true,
      noEmit: true,
      // JavaScript snippets are parsed and imported, not type-checked: nobody types a .js Worker.
      allowJs: true,
      checkJs: false,
      skipLibCheck: true,
    });
    const byFile = new Map<string, string[]>();
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const where = d.file ? d.file.fileName : "(global)";
      const line =
        d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
      const list = byFile.get(where) ?? [];
      list.push(`line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
      byFile.set(where, list);
    }
    const errors = Object.fromEntries(
      files.flatMap((f) => {
        const found = byFile.get(f.path.replaceAll("\\", "/"));
        return found ? [[f.label, found]] : [];
      }),
    );
    expect(errors).toEqual({});
    expect([...byFile.keys()].filter((k) => !files.some((f) => f.path === k))).toEqual([]);
  });

  it("the first example, Worker and test as written, passes in Vitest", async () => {
    const dir = join(work, "first-example");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "worker.js"), (readmeWorker as Snippet).code);
    writeFileSync(join(dir, "worker.test.ts"), (firstTest as Snippet).code);
    writeFileSync(join(dir, "vitest.config.ts"), CONFIG_FOR_DIR);
    const run = await vitest(dir);
    expect(run.output).toContain("1 passed");
    expect(run.code).toBe(0);
  });

  const configs = snippets.filter((s) => namedFile(s) === "vitest.config.ts");
  it.each(configs.map((s) => [label(s), s] as const))(
    "the config %s runs a test file",
    async (_, snippet) => {
      const dir = join(work, `config-${snippet.line}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "vitest.config.ts"), snippet.code);
      // The environment and the matchers setup file both register the matchers.
      writeFileSync(
        join(dir, "probe.test.ts"),
        'import { expect, it } from "vitest";\n\nit("has the WebSocket matchers", () => {\n  expect(typeof expect.closeEvent).toBe("function");\n});\n',
      );
      const run = await vitest(dir);
      expect(run.output).toContain("1 passed");
      expect(run.code).toBe(0);
    },
  );
});

/** A snippet as a file of its own directory, with stand-ins for the relative modules it imports. */
function writeForTypeCheck(snippet: Snippet, index: number): { path: string; label: string } {
  const dir = join(work, `typecheck-${index}`);
  mkdirSync(dir, { recursive: true });
  const name = namedFile(snippet) ?? `snippet.${snippet.lang}`;
  // A snippet that imports nothing is a piece of a test file that imports the names it uses.
  const text = /^import /m.test(snippet.code)
    ? checkedText(snippet)
    : `${TEST_FILE_IMPORTS}${checkedText(snippet)}`;
  for (const [, specifier] of text.matchAll(/(?:from |import\()"(\.{1,2}\/[^"]+)"/g)) {
    const target = join(dir, specifier as string);
    mkdirSync(dirname(target), { recursive: true });
    // "./worker.js" is the README's own Worker; any other module a snippet imports is a stand-in Worker.
    writeFileSync(target, specifier === "./worker.js" && readmeWorker ? readmeWorker.code : STAND_IN_WORKER);
  }
  const path = join(dir, name).replaceAll("\\", "/");
  writeFileSync(path, text);
  return { path, label: label(snippet) };
}

// Names the snippets use without defining them (`ws`, `server`…), typed as the runtime's own types.
const AMBIENT = `import type { CloseEvent, ModuleWorker, WebSocket } from "vitest-environment-workers-ws";
declare global {
  const ws: WebSocket;
  const server: WebSocket;
  const client: WebSocket;
  const socket: WebSocket;
  const other: WebSocket;
  const event: CloseEvent;
  const messageEvent: MessageEvent;
  const promise: Promise<unknown>;
  const data: string;
  const text: string;
  const onClose: (event: CloseEvent) => void;
  const onMessage: (event: MessageEvent) => void;
  const worker: ModuleWorker;
  const upstreamWorker: ModuleWorker;
  const env: Record<string, unknown>;
  const request: Request;
}
export {};
`;

const TEST_FILE_IMPORTS = `import { expect } from "vitest";
import { createExecutionContext, dispatchFetch, waitOnExecutionContext } from "vitest-environment-workers-ws";
`;

const STAND_IN_WORKER = `export default {
  fetch() {
    return new Response("a stand-in Worker for a README snippet");
  },
};
`;

// The repository's packages are symlinks in node_modules: keep them there, as the repo's configs do.
const CONFIG_FOR_DIR = `import { defineConfig } from "vitest/config";

export default defineConfig({ resolve: { preserveSymlinks: true }, test: { root: import.meta.dirname } });
`;

const require = createRequire(join(process.cwd(), "package.json"));
const vitestCli = join(dirname(require.resolve("vitest/package.json")), "vitest.mjs");

function vitest(dir: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [vitestCli, "run", "--root", dir, "--reporter", "verbose", "--color=false"],
      { cwd: dir, env: { ...process.env, CI: "true", NO_COLOR: "1" }, timeout: 90_000 },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? 1) : 0;
        resolve({ code: typeof code === "number" ? code : 1, output: `${stdout}\n${stderr}` });
      },
    );
  });
}
