import { SELF } from "cloudflare:test";
import { expect, it } from "vitest";

it("imports .txt as Data (this project's own rule)", async () => {
  expect(await (await SELF.fetch("https://b.example/")).text()).toBe("Data 6");
});
