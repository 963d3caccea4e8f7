/**
 * Durable Object ids, made as workerd's local id factory makes them (workerd
 * src/workerd/server/actor-id-impl.c++): the namespace key is SHA-256 of its unique key; an id is
 * 16 base bytes followed by the first 16 bytes of HMAC-SHA-256(key, base). idFromName's base is
 * HMAC(key, name), so a name gives the same id in every runtime; newUniqueId's base is random.
 * idFromString checks the MAC, which is how an id of another namespace is refused.
 */
import { createHash, createHmac, randomBytes } from "node:crypto";
import { createWebSocketError } from "../errors/catalogue.js";
import { illegalInvocation } from "../webidl/brand-check.js";

const BASE_LENGTH = 16;
const HEX_ID = /^[0-9a-fA-F]{64}$/;

let hexOf: (id: DurableObjectId) => string;
let isId: (value: unknown) => value is DurableObjectId;
let makeId: (hex: string, name: string | undefined) => DurableObjectId;

export class DurableObjectId {
  readonly #hex: string;
  /** workerd: own data properties, so JSON.stringify(id) is {"name":…} (observed). */
  declare readonly jurisdiction: string | undefined;
  declare readonly name: string | undefined;

  private constructor(hex: string, name: string | undefined) {
    this.#hex = hex;
    Object.defineProperty(this, "jurisdiction", { value: undefined, enumerable: true });
    Object.defineProperty(this, "name", { value: name, enumerable: true });
  }

  static {
    hexOf = (id) => id.#hex;
    isId = (value): value is DurableObjectId => typeof value === "object" && value !== null && #hex in value;
    makeId = (hex, name) => new DurableObjectId(hex, name);
  }

  /** 64 lowercase hex digits. */
  toString(): string {
    if (!isId(this)) illegalInvocation();
    return this.#hex;
  }

  equals(...args: [other: DurableObjectId]): boolean {
    if (!isId(this)) illegalInvocation();
    const other = args[0];
    if (!isId(other))
      throw createWebSocketError("ArgumentType", "equals", "DurableObjectId", 1, "DurableObjectId");
    return this.#hex === other.#hex;
  }
}

Object.defineProperty(DurableObjectId.prototype, Symbol.toStringTag, {
  value: "DurableObjectId",
  configurable: true,
});

export function isDurableObjectId(value: unknown): value is DurableObjectId {
  return isId(value);
}

/** The 64-hex-digit form, for keys. */
export function idHex(id: DurableObjectId): string {
  return hexOf(id);
}

/** One namespace's id factory. */
export class IdFactory {
  readonly #key: Buffer;

  constructor(uniqueKey: string) {
    this.#key = createHash("sha256").update(uniqueKey).digest();
  }

  fromName(name: string): DurableObjectId {
    const base = createHmac("sha256", this.#key).update(name).digest().subarray(0, BASE_LENGTH);
    return makeId(this.#withMac(base), name);
  }

  unique(): DurableObjectId {
    return makeId(this.#withMac(randomBytes(BASE_LENGTH)), undefined);
  }

  /** workerd idFromString: 64 hex digits (either case) whose MAC matches this namespace. */
  fromString(text: string, name?: string): DurableObjectId {
    if (!HEX_ID.test(text)) throw createWebSocketError("DurableObjectIdMalformed");
    const bytes = Buffer.from(text, "hex");
    const hex = this.#withMac(bytes.subarray(0, BASE_LENGTH));
    if (hex !== bytes.toString("hex")) throw createWebSocketError("DurableObjectIdOtherNamespace");
    return makeId(hex, name);
  }

  #withMac(base: Buffer): string {
    const mac = createHmac("sha256", this.#key).update(base).digest().subarray(0, BASE_LENGTH);
    return Buffer.concat([base, mac]).toString("hex");
  }
}
