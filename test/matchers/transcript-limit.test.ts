// @vitest-environment-options {"compatibilityDate":"2026-11-01","transcriptLimit":6}
import { describe, expect, it } from "vitest";
import { settle } from "vitest-environment-workers-ws";
import { acceptedPair } from "./support.js";

describe("a small transcriptLimit (environment option)", () => {
  it("keeps the newest entries; failure messages say what was dropped", async () => {
    const [client, server] = acceptedPair();
    for (let i = 0; i < 30; i++) client.send(`m${i}`);
    await settle();
    expect(server).toHaveReceivedMessage("m29");
    expect(() => expect(server).toHaveReceivedMessage("m0")).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).toHaveReceivedMessage(message)

      Expected a message received like: "m0"
      Actual messages received (6):
        1. "m24"
        2. "m25"
        3. "m26"
        4. "m27"
        5. "m28"
        6. "m29"
      Note: the transcript dropped its 25 oldest entries (transcriptLimit 6), so earlier messages are not known. Raise transcriptLimit to keep them.

      Transcript (31 entries; 25 older dropped by transcriptLimit 6):
        26. received "m24"
        27. received "m25"
        28. received "m26"
        29. received "m27"
        30. received "m28"
        31. received "m29"]
    `);
    expect(() =>
      expect(server).toHaveReceivedMessages(["m24", "m25", "m26", "m27", "m28", "m29"]),
    ).toThrowErrorMatchingInlineSnapshot(`
      [Error: expect(socket).toHaveReceivedMessages(messages)

      Expected messages received (6):
        1. "m24"
        2. "m25"
        3. "m26"
        4. "m27"
        5. "m28"
        6. "m29"
      Actual messages received (6):
        1. "m24"
        2. "m25"
        3. "m26"
        4. "m27"
        5. "m28"
        6. "m29"
      Note: the transcript dropped its 25 oldest entries (transcriptLimit 6), so earlier messages are not known. Raise transcriptLimit to keep them.

      Transcript (31 entries; 25 older dropped by transcriptLimit 6):
        26. received "m24"
        27. received "m25"
        28. received "m26"
        29. received "m27"
        30. received "m28"
        31. received "m29"]
    `);
    expect(server).toMatchInlineSnapshot(`
      WebSocket OPEN [
        … 25 older entries dropped (transcriptLimit 6)
        received "m24"
        received "m25"
        received "m26"
        received "m27"
        received "m28"
        received "m29"
      ]
    `);
  });
});
