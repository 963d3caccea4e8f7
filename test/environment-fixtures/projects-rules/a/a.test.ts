import { SELF } from "cloudflare:test";
import { expect, it } from "vitest";

it("imports .txt as Text (wrangler's default rule)", async () => {
  expect(await (await SELF.fetch("https://a.example/")).text()).toBe('Text "hello\\n"');
});
