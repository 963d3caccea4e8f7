/**
 * A WebSocket client written by hand over TCP, for the close handshakes ws and undici never make
 * (a Close as the very first frame, a Close followed at once by dropping the connection).
 */
import { connect, type Socket } from "node:net";

export interface RawConnection {
  readonly socket: Socket;
  /** How many frames arrived after the 101. */
  frameCount(): number;
  /** Resolves once `count` frames arrived after the 101. */
  frames(count: number): Promise<void>;
}

/** A client frame (masked, zero key) with a payload under 126 bytes. */
export function clientFrame(opcode: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length]), Buffer.alloc(4), payload]);
}

export function clientClose(code: number, reason: string): Buffer {
  const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
  payload.writeUInt16BE(code, 0);
  payload.write(reason, 2);
  return clientFrame(8, payload);
}

/** Counts the frames in what a server sent (its frames are unmasked). */
function countFrames(bytes: Buffer): number {
  let count = 0;
  let rest = bytes;
  while (rest.length >= 2) {
    const length = (rest[1] as number) & 0x7f;
    if (length > 125 || rest.length < 2 + length) break;
    rest = rest.subarray(2 + length);
    count++;
  }
  return count;
}

export async function openRaw(url: string): Promise<RawConnection> {
  const socket = connect(Number(new URL(url).port), "127.0.0.1");
  let received = Buffer.alloc(0);
  socket.on("data", (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
  });
  socket.on("error", () => undefined);
  socket.write(
    "GET / HTTP/1.1\r\nHost: served\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
  );
  const frameCount = (): number => {
    const end = received.indexOf("\r\n\r\n");
    return end < 0 ? 0 : countFrames(received.subarray(end + 4));
  };
  const frames = async (count: number): Promise<void> => {
    const deadline = Date.now() + 5000;
    while (frameCount() < count) {
      if (Date.now() > deadline) throw new Error(`only ${frameCount()} of ${count} frames arrived`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  };
  return { socket, frameCount, frames };
}
