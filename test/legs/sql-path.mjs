/**
 * Which ctx.storage.sql path a leg must take, and the check that it did. ctx.storage.sql runs on
 * Node's built-in node:sqlite, from Node.js 22.16; before, it throws "needs Node.js 22.16 or
 * newer". The root `npm test` runs on Node 20, so the node:sqlite path runs only where a leg runs
 * Node 24: the vitest5 leg of run.mjs and the Vitest 5 project of fresh-project.mjs.
 *
 * fixtures/durable-sql/guestbook.test.ts picks its path from the Node it runs on and names the path
 * in the title of the describe block that runs; the other block is skipped. Each leg declares the
 * path it must take, and fails unless that block's tests ran and all passed: a Node 24 leg whose
 * node:sqlite tests were skipped (the file ran on another Node, node:sqlite did not load) fails.
 */

/** The SQL test file, relative to the fixture's directory (and the fresh project's). */
export const sqlTestFile = "guestbook.test.ts";
/** The fixture holding it, relative to the repository root. */
export const sqlFixture = "fixtures/durable-sql";

/** The describe block of the SQL test file that runs on each path. */
export const sqlPaths = {
  "node:sqlite": "ctx.storage.sql on node:sqlite (Node.js 22.16 or newer)",
  "needs Node.js 22.16": "ctx.storage.sql before Node.js 22.16",
};

/**
 * What is wrong with the SQL test file's result (an entry of a Vitest JSON report's testResults)
 * for a leg that must take `path` (a key of sqlPaths): an empty list when its block ran and passed.
 */
export function sqlPathProblems(fileResult, path) {
  const block = sqlPaths[path];
  if (block === undefined) throw new TypeError(`unknown ctx.storage.sql path ${JSON.stringify(path)}`);
  if (!fileResult) return [`${sqlTestFile} did not run (the ${path} path is required)`];
  const tests = fileResult.assertionResults.filter((test) => test.ancestorTitles[0] === block);
  if (tests.length === 0) return [`${sqlTestFile}: no test of "${block}" ran (the ${path} path is required)`];
  const notPassed = tests.filter((test) => test.status !== "passed");
  return notPassed.map(
    (test) => `${sqlTestFile}: "${test.title}" ${test.status} (the ${path} path must pass in full)`,
  );
}
