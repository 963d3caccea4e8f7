/**
 * The wrong arguments every public function is called with (the same kinds the workerd scenario
 * test/conformance/scenarios/30-bad-input.js uses, plus a few that only matter on Node's side).
 * Built fresh per call, so a call that mutates its argument cannot affect the next one.
 */
export interface BadValue {
  readonly name: string;
  make(): unknown;
}

/** Thrown by the getters and toString of the values below; a call may let it propagate. */
export class ArgumentTrap extends RangeError {
  override name = "ArgumentTrap";
}

export const MISSING = Symbol("missing argument");

export const BAD_VALUES: readonly BadValue[] = [
  { name: "missing", make: () => MISSING },
  { name: "undefined", make: () => undefined },
  { name: "null", make: () => null },
  { name: "number", make: () => 42 },
  { name: "huge number", make: () => 2 ** 53 },
  { name: "NaN", make: () => Number.NaN },
  { name: "-0", make: () => -0 },
  { name: "bigint", make: () => 10n },
  { name: "symbol", make: () => Symbol("bad") },
  { name: "string", make: () => "bad" },
  { name: "lone surrogate", make: () => "a\ud800b" },
  { name: "huge string", make: () => "x".repeat(1 << 20) },
  { name: "array", make: () => [1, 2] },
  { name: "function", make: () => () => 1 },
  {
    name: "throwing toString",
    make: () => ({
      toString() {
        throw new ArgumentTrap("toString trap");
      },
    }),
  },
  {
    name: "throwing getters",
    make: () =>
      new Proxy(
        {},
        {
          get(_target, key) {
            if (key === Symbol.toPrimitive || key === "then") return undefined;
            throw new ArgumentTrap(`getter trap (${String(key)})`);
          },
        },
      ),
  },
  { name: "proxy of {}", make: () => new Proxy({}, {}) },
  {
    name: "revoked proxy",
    make: () => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    },
  },
  {
    name: "detached ArrayBuffer",
    make: () => {
      const buffer = new ArrayBuffer(8);
      structuredClone(buffer, { transfer: [buffer] });
      return buffer;
    },
  },
  { name: "resizable ArrayBuffer", make: () => resizableArrayBuffer(4, 16) },
];

/** The argument list for a call whose argument at `index` is `value` (MISSING: left out). */
export function argumentsWith(
  before: readonly unknown[],
  value: unknown,
  after: readonly unknown[] = [],
): unknown[] {
  if (value === MISSING) return [...before];
  return [...before, value, ...after];
}

/** `new ArrayBuffer(length, { maxByteLength })` (ES2024; the project's TypeScript lib is ES2023). */
export function resizableArrayBuffer(length: number, maxByteLength: number): ArrayBuffer {
  const Ctor = ArrayBuffer as unknown as new (
    length: number,
    options: { maxByteLength: number },
  ) => ArrayBuffer;
  return new Ctor(length, { maxByteLength });
}
