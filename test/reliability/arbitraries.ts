/**
 * The generators behind the fuzzer: arguments (payloads, close codes and reasons, accept options,
 * listeners, Response inits, synthetic events) and the weighted list of operations fc.commands
 * picks from. What each value means is decided by the model (model/inputs.ts), not here.
 */
import fc from "fast-check";
import {
  AcceptCommand,
  AddListenerCommand,
  BinaryTypeCommand,
  CloseCommand,
  type Cmd,
  DispatchCommand,
  RemoveListenerCommand,
  ResponseCommand,
  SendCommand,
  SettleCommand,
} from "./commands.js";
import type { AcceptSpec, BinaryTypeSpec, CodeSpec, PayloadSpec, ReasonSpec } from "./model/inputs.js";
import { toUSV } from "./model/inputs.js";
import type {
  BodySpec,
  End,
  ListenerSpec,
  ListenerType,
  StatusSpec,
  SyntheticEventSpec,
  WebSocketFieldSpec,
} from "./model/pair-model.js";

const end = fc.constantFrom<End>(0, 1);
const byte = fc.integer({ min: 0, max: 255 });
const bytes = fc.array(byte, { maxLength: 12 });
const textUnit = fc.constantFrom("a", "z", " ", "é", "€", "😀", "\u0000", "\ud800", "\udc00", "\uffff");
const text = fc.array(textUnit, { maxLength: 10 }).map((units) => units.join(""));

const viewOf = (kind: "uint8-view" | "dataview") =>
  bytes.chain((b) =>
    fc
      .integer({ min: 0, max: b.length })
      .chain((offset) =>
        fc
          .integer({ min: 0, max: b.length - offset })
          .map((length) => ({ kind, bytes: b, offset, length }) as PayloadSpec),
      ),
  );

export const payload: fc.Arbitrary<PayloadSpec> = fc.oneof(
  { weight: 10, arbitrary: text.map((value) => ({ kind: "string", value }) as PayloadSpec) },
  { weight: 2, arbitrary: bytes.map((b) => ({ kind: "arraybuffer", bytes: b }) as PayloadSpec) },
  { weight: 2, arbitrary: viewOf("uint8-view") },
  { weight: 1, arbitrary: viewOf("dataview") },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.integer(), { maxLength: 3 })
      .map((values) => ({ kind: "int32array", values }) as PayloadSpec),
  },
  { weight: 1, arbitrary: bytes.map((b) => ({ kind: "shared", bytes: b }) as PayloadSpec) },
  { weight: 1, arbitrary: bytes.map((b) => ({ kind: "resizable", bytes: b }) as PayloadSpec) },
  {
    weight: 3,
    arbitrary: fc.oneof(
      fc.constant<PayloadSpec>({ kind: "detached" }),
      fc.constant<PayloadSpec>({ kind: "null" }),
      fc.constant<PayloadSpec>({ kind: "undefined" }),
      fc.constant<PayloadSpec>({ kind: "object" }),
      fc.constant<PayloadSpec>({ kind: "symbol" }),
      fc.constant<PayloadSpec>({ kind: "none" }),
      fc.boolean().map((value) => ({ kind: "boolean", value }) as PayloadSpec),
      fc.double().map((value) => ({ kind: "number", value }) as PayloadSpec),
      fc.bigInt().map((value) => ({ kind: "bigint", value: value.toString() }) as PayloadSpec),
      fc
        .array(fc.integer({ min: -9, max: 99 }), { maxLength: 4 })
        .map((items) => ({ kind: "array", items }) as PayloadSpec),
      text.map((t) => ({ kind: "custom-tostring", text: t }) as PayloadSpec),
      text.map((t) => ({ kind: "blob", text: t }) as PayloadSpec),
    ),
  },
);

/** Codes from §3 10 (allowed and rejected lists, conversions) plus random integers. */
const code: fc.Arbitrary<CodeSpec> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<CodeSpec>({ kind: "absent" }) },
  {
    weight: 8,
    arbitrary: fc
      .constantFrom(
        1000,
        1001,
        1002,
        1003,
        1007,
        1008,
        1009,
        1010,
        1011,
        1012,
        1013,
        1014,
        1016,
        2999,
        3000,
        4000,
        4999,
      )
      .map((value) => ({ kind: "number", value }) as CodeSpec),
  },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(
        999,
        1004,
        1005,
        1006,
        1015,
        5000,
        65535,
        66536,
        -1,
        0,
        -0,
        1000.5,
        3000.9,
        Number.NaN,
        Number.POSITIVE_INFINITY,
        2 ** 31,
        -(2 ** 31) - 1,
        1e300,
      )
      .map((value) => ({ kind: "number", value }) as CodeSpec),
  },
  {
    weight: 2,
    arbitrary: fc.integer({ min: 900, max: 5100 }).map((value) => ({ kind: "number", value }) as CodeSpec),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.constant<CodeSpec>({ kind: "undefined" }),
      fc.constant<CodeSpec>({ kind: "null" }),
      fc.constant<CodeSpec>({ kind: "symbol" }),
      fc.boolean().map((value) => ({ kind: "boolean", value }) as CodeSpec),
      fc.constantFrom("1000", "3000abc", "4001", "").map((value) => ({ kind: "string", value }) as CodeSpec),
      fc.constantFrom("1000", "10").map((value) => ({ kind: "bigint", value }) as CodeSpec),
    ),
  },
);

const longReason = fc
  .tuple(fc.constantFrom("r", "€", "😀", "\ud800"), fc.integer({ min: 20, max: 140 }))
  .map(([unit, n]) => unit.repeat(n));

const reason: fc.Arbitrary<ReasonSpec> = fc.oneof(
  { weight: 5, arbitrary: fc.constant<ReasonSpec>({ kind: "absent" }) },
  { weight: 5, arbitrary: text.map((value) => ({ kind: "string", value }) as ReasonSpec) },
  { weight: 1, arbitrary: longReason.map((value) => ({ kind: "string", value }) as ReasonSpec) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.constant<ReasonSpec>({ kind: "undefined" }),
      fc.constant<ReasonSpec>({ kind: "null" }),
      fc.constant<ReasonSpec>({ kind: "symbol" }),
      fc.integer().map((value) => ({ kind: "number", value }) as ReasonSpec),
    ),
  },
);

const acceptSpec: fc.Arbitrary<AcceptSpec> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<AcceptSpec>({ kind: "none" }) },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom<unknown>(true, false, undefined, "yes", 0, 1, null)
      .map((value) => ({ kind: "half-open", value }) as AcceptSpec),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.constant<AcceptSpec>({ kind: "null" }),
      fc.constant<AcceptSpec>({ kind: "empty" }),
      fc
        .constantFrom<number | string>(42, "str")
        .map((value) => ({ kind: "primitive", value }) as AcceptSpec),
    ),
  },
);

const listener: fc.Arbitrary<ListenerSpec> = fc
  .record({
    id: fc.constantFrom("a", "b", "c"),
    type: fc.constantFrom<ListenerType>("message", "message", "close", "close", "error"),
    behaviour: fc.constantFrom<"record" | "throw" | "reply">(
      "record",
      "record",
      "record",
      "record",
      "record",
      "reply",
      "throw",
    ),
    throwClass: fc.constantFrom<"Error" | "TypeError">("Error", "TypeError"),
    once: fc.boolean(),
  })
  .map((l) =>
    l.type === "error" || (l.type !== "message" && l.behaviour === "reply")
      ? { ...l, behaviour: "record" as const }
      : l,
  );

const status: fc.Arbitrary<StatusSpec> = fc.oneof(
  fc.constant<StatusSpec>({ kind: "absent" }),
  fc
    .constantFrom(101, 101, 200, 204, 100, 199, 426, 599, 600, 101.5)
    .map((value) => ({ kind: "number", value }) as StatusSpec),
  fc.constantFrom("101", "200").map((value) => ({ kind: "string", value }) as StatusSpec),
);
const webSocketField: fc.Arbitrary<WebSocketFieldSpec> = fc.oneof(
  fc.constant<WebSocketFieldSpec>({ kind: "absent" }),
  fc.constant<WebSocketFieldSpec>({ kind: "null" }),
  fc.constant<WebSocketFieldSpec>({ kind: "undefined" }),
  end.map((e) => ({ kind: "end", end: e }) as WebSocketFieldSpec),
  end.map((e) => ({ kind: "end", end: e }) as WebSocketFieldSpec),
  fc.constant<WebSocketFieldSpec>({ kind: "object" }),
  fc.constant<WebSocketFieldSpec>({ kind: "string" }),
);
const body: fc.Arbitrary<BodySpec> = fc.constantFrom<BodySpec>(
  { kind: "null" },
  { kind: "undefined" },
  { kind: "empty" },
  { kind: "text" },
);

/** A wrong-typed webSocket is only combined with a status whose check order workerd showed (101 or none). */
const response = fc
  .tuple(status, webSocketField, body)
  .filter(
    ([s, ws]) =>
      !(ws.kind === "object" || ws.kind === "string") ||
      s.kind === "absent" ||
      (s.kind === "number" && s.value === 101),
  )
  .map(([s, ws, b]) => new ResponseCommand(s, ws, b));

const binaryType = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .constantFrom("blob", "arraybuffer", "bogus", "")
      .map((value) => ({ kind: "string", value }) as BinaryTypeSpec),
  },
  { weight: 1, arbitrary: fc.constant<BinaryTypeSpec>({ kind: "symbol" }) },
);

const syntheticEvent: fc.Arbitrary<SyntheticEventSpec> = fc.oneof(
  text.map((data): SyntheticEventSpec => ({ kind: "message", type: "message", data })),
  fc.constant<SyntheticEventSpec>({ kind: "plain-message", type: "message" }),
  fc.tuple(fc.integer({ min: 0, max: 4999 }), text, fc.boolean()).map(
    ([code, reason, wasClean]): SyntheticEventSpec => ({
      kind: "close",
      type: "close",
      code,
      reason: toUSV(reason),
      wasClean,
    }),
  ),
);

/** fc.commands picks uniformly among these; repeating an entry is how an operation gets more weight. */
const weighted = <T>(weight: number, arbitrary: fc.Arbitrary<T>): Array<fc.Arbitrary<T>> =>
  Array.from({ length: weight }, () => arbitrary);

export const commandArbitraries: Array<fc.Arbitrary<Cmd>> = [
  ...weighted(
    3,
    fc.tuple(end, acceptSpec).map(([e, o]): Cmd => new AcceptCommand(e, o)),
  ),
  ...weighted(
    8,
    fc.tuple(end, payload).map(([e, p]): Cmd => new SendCommand(e, p)),
  ),
  ...weighted(
    3,
    fc.tuple(end, code, reason).map(([e, c, r]): Cmd => new CloseCommand(e, c, r)),
  ),
  ...weighted(
    1,
    fc.tuple(end, binaryType).map(([e, v]): Cmd => new BinaryTypeCommand(e, v)),
  ),
  ...weighted(
    4,
    fc.tuple(end, listener).map(([e, l]): Cmd => new AddListenerCommand(e, l)),
  ),
  ...weighted(
    1,
    fc.tuple(end, listener).map(([e, l]): Cmd => new RemoveListenerCommand(e, l)),
  ),
  ...weighted(1, response),
  ...weighted(
    1,
    fc.tuple(end, syntheticEvent).map(([e, ev]): Cmd => new DispatchCommand(e, ev)),
  ),
  ...weighted(5, fc.constant<Cmd>(new SettleCommand())),
];
