import { env } from "cloudflare:test";
import { expect, it } from "vitest";

it("imports cloudflare:test", () => {
  expect(env).toBeDefined();
});
