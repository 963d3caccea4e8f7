import { afterEach, describe, expect, it } from "vitest";
import {
  describeSendersOverLimit,
  frameHeader,
  LIMIT,
  rawClient,
  servedRecorder,
  tooLargeAtHeader,
  until,
} from "./over-limit-support.js";

// Messages over the 32 MiB limit between two of the runtime's own ends over a real connection, as
// workerd handles them when it serves the receiving Worker itself (test/conformance/network
// workerOutboundOverLimit and messageOverLimitAtHeader record the same at both dates).

const MiB = 1024 * 1024;
const stops: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((item) => item.close()));
});

describe("a message over the limit, refused by the receiving runtime", () => {
  it("is refused at its frame header: Close 1009 with the sizes, and the rest is never read", async () => {
    const log: string[] = [];
    const served = await servedRecorder(log);
    stops.push(served);
    // Only the header and 10 bytes of a 32 MiB + 1 message: kj does not wait for the rest.
    const seen = await rawClient(served.url, [frameHeader(true, 2, LIMIT + 1), Buffer.alloc(10)]);
    expect(seen).toEqual({
      frames: [`close 1009 Message is too large: ${LIMIT + 1} > ${LIMIT}`],
      dropped: true,
    });
    await until(() => log.length > 0, "the Worker's error");
    expect(log).toEqual([`error ${tooLargeAtHeader(LIMIT + 1)} rs=3`]);
  });

  it("counts the earlier fragments of a message against the limit, as kj does", async () => {
    const log: string[] = [];
    const served = await servedRecorder(log);
    stops.push(served);
    const seen = await rawClient(served.url, [
      frameHeader(false, 2, MiB),
      Buffer.alloc(MiB),
      frameHeader(true, 0, 32 * MiB),
      Buffer.alloc(10),
    ]);
    expect(seen).toEqual({
      frames: [`close 1009 Message is too large: ${32 * MiB} > ${31 * MiB}`],
      dropped: true,
    });
    await until(() => log.length > 0, "the Worker's error");
    expect(log).toEqual([`error ${tooLargeAtHeader(32 * MiB, 31 * MiB)} rs=3`]);
  });
});

describeSendersOverLimit();
