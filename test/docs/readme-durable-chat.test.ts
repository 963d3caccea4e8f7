/**
 * The README's Durable Object example is fixtures/durable-chat/readme-example.test.ts, verbatim:
 * the fixture runs it (npm run example), and this test keeps the two from drifting apart.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

it("the README's chat room test is the fixture's readme-example.test.ts, as it runs", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const file = readFileSync(join(root, "fixtures/durable-chat/readme-example.test.ts"), "utf8");
  expect(file.startsWith("// fixtures/durable-chat/readme-example.test.ts\n")).toBe(true);
  expect(readme).toContain(`\`\`\`ts\n${file}\`\`\`\n`);
});
