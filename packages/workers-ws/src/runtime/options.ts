import { CompatibilityError } from "../compat/settings.js";
import { describeValue } from "../errors/describe-value.js";
import {
  isNetworkOption,
  NETWORK_OPTION_HELP,
  type NetworkOption,
  networkOptionProblem,
} from "../network/network-policy.js";

export interface RuntimeOptions {
  /** YYYY-MM-DD; selects behaviour as workerd's compatibility date does. */
  compatibilityDate?: string;
  /** Enable or disable flags, e.g. "web_socket_auto_reply_to_close". */
  compatibilityFlags?: readonly string[];
  /** Turn misuse that the runtime silently ignores into clear errors (default false). */
  strict?: boolean;
  /** Where listener exceptions that workerd only logs go (default: console.error). */
  onUncaughtError?: (error: unknown) => void;
  /** Record what each socket does, for matchers and failure messages (default true). */
  transcript?: boolean;
  /** How many entries each socket's transcript keeps, newest first (default 1000). */
  transcriptLimit?: number;
  /**
   * Payload bytes each socket's transcript keeps whole (default 64 MiB); beyond them the oldest
   * messages are kept as their size and SHA-256 only. The newest message is always kept whole.
   */
  transcriptBytes?: number;
  /**
   * How far outbound fetch() and new WebSocket(url) may go over real sockets when no in-memory
   * route answers: "loopback" (default), "none", "all", or a list of host names.
   */
  network?: NetworkOption;
}

const KNOWN = [
  "compatibilityDate",
  "compatibilityFlags",
  "strict",
  "onUncaughtError",
  "transcript",
  "transcriptLimit",
  "transcriptBytes",
  "network",
] as const;

/** The largest transcriptLimit accepted: a guard against typos that would keep every message. */
export const MAX_TRANSCRIPT_LIMIT = 1_000_000;

/** Rejects unknown option names and wrongly typed values with an error that lists what is valid. */
export function checkRuntimeOptions(options: unknown): RuntimeOptions {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new CompatibilityError(`workers-ws options must be an object, got ${String(options)}.`);
  }
  const unknown = Object.keys(options).filter((key) => !(KNOWN as readonly string[]).includes(key));
  if (unknown.length > 0) {
    throw new CompatibilityError(
      `Unknown workers-ws option${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => JSON.stringify(k)).join(", ")}. Valid options: ${KNOWN.join(", ")}.`,
    );
  }
  const o = options as RuntimeOptions;
  if (o.strict !== undefined && typeof o.strict !== "boolean") {
    throw new CompatibilityError(
      `workers-ws option "strict" must be true or false, got ${String(o.strict)}.`,
    );
  }
  if (o.onUncaughtError !== undefined && typeof o.onUncaughtError !== "function") {
    throw new CompatibilityError(`workers-ws option "onUncaughtError" must be a function.`);
  }
  if (o.transcript !== undefined && typeof o.transcript !== "boolean") {
    throw new CompatibilityError(
      `workers-ws option "transcript" must be true or false, got ${String(o.transcript)}.`,
    );
  }
  const limit = o.transcriptLimit;
  if (
    limit !== undefined &&
    (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > MAX_TRANSCRIPT_LIMIT)
  ) {
    throw new CompatibilityError(
      `workers-ws option "transcriptLimit" must be a whole number from 1 to ${MAX_TRANSCRIPT_LIMIT}, got ${typeof limit === "string" ? JSON.stringify(limit) : String(limit)}. To record nothing, set "transcript" to false.`,
    );
  }
  const bytes = o.transcriptBytes;
  if (bytes !== undefined && (typeof bytes !== "number" || !Number.isSafeInteger(bytes) || bytes < 0)) {
    throw new CompatibilityError(
      `workers-ws option "transcriptBytes" must be a whole number of bytes (0 or more), got ${typeof bytes === "string" ? JSON.stringify(bytes) : String(bytes)}.`,
    );
  }
  if (o.network !== undefined && !isNetworkOption(o.network)) {
    const problem = networkOptionProblem(o.network);
    throw new CompatibilityError(
      problem
        ? `workers-ws option "network": ${problem}.`
        : `workers-ws option "network" must be ${NETWORK_OPTION_HELP}; got ${describeValue(o.network)}.`,
    );
  }
  return o;
}
