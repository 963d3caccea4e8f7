import { expect, it } from "vitest";
import { currentFileRuntime, NEWEST_SUPPORTED_DATE } from "vitest-environment-workers-ws";

it("runs with the settings the options resolve to", () => {
  const settings = currentFileRuntime()?.runtime.settings;
  if (!settings) throw new Error("the workers-ws environment installed no runtime");
  expect(settings.compatibilityDate).toBe(process.env.EXPECTED_DATE ?? NEWEST_SUPPORTED_DATE);
  expect(settings.unemulatedFlags).toEqual(JSON.parse(process.env.EXPECTED_UNEMULATED ?? "[]"));
  // The emulated flags still follow the date (auto reply from 2026-04-07) unless a flag overrides it.
  const autoReply = process.env.EXPECTED_AUTO_REPLY ?? String(settings.compatibilityDate >= "2026-04-07");
  expect(settings.autoReplyToClose).toBe(autoReply === "true");
});
