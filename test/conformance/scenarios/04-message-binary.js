// Binary messages: which bytes a view sends, ArrayBuffer vs Blob delivery per binaryType, copies at
// send() time, detached buffers, and Blob / ReadableStream being stringified instead of sent as binary.

/** Detaches `buffer` (structuredClone with transfer works in workerd and Node 20). */
function detach(buffer) {
  structuredClone(buffer, { transfer: [buffer] });
}

export const scenarios = {
  viewsSendOnlyViewedBytes: async (t) => {
    const [client] = t.pair();
    const buffer = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]).buffer;
    client.send(buffer);
    client.send(new Uint8Array(buffer, 2, 3));
    client.send(new DataView(buffer, 4, 2));
    client.send(new Int32Array([1, -1]));
    client.send(new Float64Array([1.5]));
    client.send(new Uint16Array(buffer, 2, 1));
    await t.sleep(20);
  },

  binaryTypeArrayBuffer: async (t) => {
    const [client, server] = t.pair();
    server.binaryType = "arraybuffer";
    client.send(new Uint8Array([0xde, 0xad]));
    await t.sleep(20);
  },

  binaryTypeBlob: async (t) => {
    const [client, server] = t.pair();
    server.binaryType = "blob";
    client.send(new Uint8Array([0xbe, 0xef]));
    server.addEventListener("message", (event) => {
      t.log("blob details", {
        class: event.data.constructor.name,
        size: event.data.size,
        type: event.data.type,
      });
    });
    await t.sleep(20);
  },

  binaryTypeSwitchMidStream: async (t) => {
    const [client, server] = t.pair();
    server.binaryType = "arraybuffer";
    server.addEventListener("message", () => {
      server.binaryType = server.binaryType === "arraybuffer" ? "blob" : "arraybuffer";
    });
    client.send(new Uint8Array([1]));
    client.send(new Uint8Array([2]));
    client.send(new Uint8Array([3]));
    await t.sleep(20);
  },

  dataObjectPerEvent: async (t) => {
    const [client, server] = t.pair();
    server.binaryType = "arraybuffer";
    const seen = [];
    server.addEventListener("message", (event) => seen.push(event.data));
    server.addEventListener("message", (event) =>
      t.log("same data in both listeners", seen.at(-1) === event.data),
    );
    const sent = new Uint8Array([5, 6]).buffer;
    client.send(sent);
    client.send(sent);
    await t.sleep(20);
    t.log("not the sender's buffer", seen[0] !== sent);
    t.log("fresh buffer per message", seen[0] !== seen[1]);
  },

  emptyBinary: async (t) => {
    const [client] = t.pair();
    client.send(new ArrayBuffer(0));
    client.send(new Uint8Array(0));
    await t.sleep(20);
  },

  sendCopiesData: async (t) => {
    const [client, server] = t.pair();
    server.binaryType = "arraybuffer";
    const bytes = new Uint8Array([1, 2, 3]);
    client.send(bytes);
    bytes[0] = 99;
    client.send(bytes.buffer);
    bytes.fill(0);
    await t.sleep(20);
  },

  detachAfterSend: async (t) => {
    const [client, server] = t.pair();
    server.binaryType = "arraybuffer";
    const buffer = new Uint8Array([7, 8, 9]).buffer;
    client.send(buffer);
    detach(buffer);
    t.log("detached byteLength", buffer.byteLength);
    await t.sleep(20);
  },

  sendDetachedBuffer: async (t) => {
    const [client, server] = t.pair();
    server.binaryType = "arraybuffer";
    const buffer = new Uint8Array([1, 2]).buffer;
    const view = new Uint8Array(buffer);
    detach(buffer);
    t.try("send(detached ArrayBuffer)", () => client.send(buffer));
    t.try("send(view of detached buffer)", () => client.send(view));
    await t.sleep(20);
  },

  blobAndStreamAreStringified: async (t) => {
    const [client] = t.pair();
    t.try("send(Blob)", () => client.send(new Blob(["abc"])));
    t.try("send(ReadableStream)", () => client.send(new ReadableStream()));
    t.try("send(Response)", () => client.send(new Response("x")));
    await t.sleep(20);
  },

  echoBinaryBack: async (t) => {
    const [client, server] = t.pair();
    server.addEventListener("message", (event) => server.send(event.data));
    client.send(new Uint8Array([0xca, 0xfe]));
    await t.sleep(20);
  },

  largeMessages: async (t) => {
    const [client, server] = t.pair();
    server.binaryType = "arraybuffer";
    const big = 1024 * 1024 + 1;
    client.send("x".repeat(big));
    const bytes = new Uint8Array(big);
    for (let i = 0; i < bytes.length; i++) bytes[i] = i & 0xff;
    client.send(bytes);
    await t.sleep(50);
  },
};
