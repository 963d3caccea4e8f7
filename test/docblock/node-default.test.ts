import { describe, expect, it } from "vitest";

// Same project, no docblock: the project's "node" environment, so none of the Workers globals.
describe("a file in the same project without the docblock", () => {
  it("has no WebSocketPair and Node's own Response", () => {
    expect("WebSocketPair" in globalThis).toBe(false);
    expect(() => new Response(null, { status: 101 })).toThrow(RangeError);
  });
});
