import { defineConfig } from "vitest/config";
import { legConfig } from "../projects.mjs";

export default defineConfig(legConfig(import.meta.url));
