import { it } from "vitest";

it("never runs: the environment refuses its options", () => {});
