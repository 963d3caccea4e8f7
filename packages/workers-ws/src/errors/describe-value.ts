/**
 * A short description of a wrong argument for a typed error message: its type and, for simple
 * values, the value. Never runs user code (no toString, no getters, no proxy traps).
 */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "string")
    return value.length > 40 ? `a string of length ${value.length}` : `the string ${JSON.stringify(value)}`;
  if (typeof value === "symbol") return "a symbol";
  if (typeof value === "bigint") return `the bigint ${value}n`;
  if (typeof value === "function") return "a function";
  if (typeof value === "object") return Array.isArray(value) ? "an array" : "an object";
  return `${typeof value} ${String(value)}`;
}
