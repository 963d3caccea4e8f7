/**
 * The libraries that read a wrangler project (jsonc-parser, smol-toml, picomatch), loaded when a
 * wrangler file is first read: every test file imports the environment, most name no wrangler
 * file. All three ship CommonJS, so they load synchronously.
 */
import { createRequire } from "node:module";

type JsoncParser = typeof import("jsonc-parser");
type SmolToml = typeof import("smol-toml");
type Picomatch = typeof import("picomatch");

const require = createRequire(import.meta.url);
let jsonc: JsoncParser | undefined;
let toml: SmolToml | undefined;
let glob: Picomatch | undefined;

export function jsoncParser(): JsoncParser {
  jsonc ??= require("jsonc-parser") as JsoncParser;
  return jsonc;
}

export function tomlParser(): SmolToml {
  toml ??= require("smol-toml") as SmolToml;
  return toml;
}

export function globMatcher(): Picomatch {
  glob ??= require("picomatch") as Picomatch;
  return glob;
}
