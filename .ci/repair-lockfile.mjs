// Keeps package-lock.json usable by `npm ci` on machines whose registry serves only some platforms'
// optional binaries. npm leaves out of the lock every optional dependency it could not fetch
// metadata for (Biome's and workerd's binaries for other platforms), and `npm ci` then refuses the
// lock as out of sync. This puts back a bare, optional entry for each one, with the version its
// parent asks for; npm ci skips optional packages it cannot install, as on any other platform.
// Run it after every `npm install` that rewrites the lock: node .ci/repair-lockfile.mjs
// (another lock, e.g. bench/pool-workers': node .ci/repair-lockfile.mjs bench/pool-workers/package-lock.json)
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

const path = process.argv[2] ? resolve(process.argv[2]) : new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8"));
const packages = lock.packages;
let added = 0;

for (const [location, entry] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${location ? `${location}/` : ""}node_modules/${name}`;
    if (packages[nested] || packages[`node_modules/${name}`]) continue;
    // The parents pin exact versions for their platform binaries.
    packages[`node_modules/${name}`] = { version: range, dev: entry.dev ?? undefined, optional: true };
    added++;
  }
}

const sorted = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))),
);
lock.packages = sorted;
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`repair-lockfile: added ${added} optional platform entr${added === 1 ? "y" : "ies"}`);
