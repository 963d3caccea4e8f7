import { createHash } from "node:crypto";

/**
 * What a transcript keeps of a message once its payload no longer fits the transcript's byte
 * budget: its kind, its size and a SHA-256 of its bytes (text as UTF-8). The payload itself is
 * let go, so a long-lived socket that carries large messages holds at most its budget (workerd
 * holds none of them). A matcher can still tell whether an expected string or bytes is this
 * message: equal size and equal digest.
 */
export class PayloadDigest {
  readonly type: "text" | "binary";
  /** UTF-8 bytes for text, bytes for binary. */
  readonly byteLength: number;
  /** Lower-case hex SHA-256 of the payload's bytes. */
  readonly sha256: string;

  constructor(data: string | Uint8Array) {
    this.type = typeof data === "string" ? "text" : "binary";
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    this.byteLength = bytes.byteLength;
    this.sha256 = createHash("sha256").update(bytes).digest("hex");
  }

  /** Whether `data` (a string or bytes) is the message this digest was taken of. */
  matches(data: string | Uint8Array): boolean {
    if ((typeof data === "string") !== (this.type === "text")) return false;
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    return (
      bytes.byteLength === this.byteLength && createHash("sha256").update(bytes).digest("hex") === this.sha256
    );
  }

  toString(): string {
    return `${this.type} of ${this.byteLength.toLocaleString("en-US")} bytes, sha-256 ${this.sha256.slice(0, 16)}… (payload beyond the transcript's byte budget)`;
  }
}

/** The bytes a payload counts against the byte budget (a string: its length, about its size in memory). */
export function payloadWeight(data: string | Uint8Array | PayloadDigest): number {
  if (typeof data === "string") return data.length;
  if (data instanceof PayloadDigest) return 0;
  return data.byteLength;
}
