import { expect, it } from "vitest";
import { settle } from "vitest-environment-workers-ws";

it("routes fetch() to the module Worker of the routes option", async () => {
  const response = await fetch("https://greeter.example/ada");
  expect(await response.text()).toBe("hello, ada");
});

it("routes a URL prefix to a named export, with its env", async () => {
  const response = await fetch("https://api.example/v1/users");
  expect(await response.json()).toEqual({ version: "v1", path: "/v1/users" });
});

it("routes new WebSocket(url) to the module Worker", async () => {
  const socket = new WebSocket("wss://greeter.example/");
  const received: unknown[] = [];
  socket.addEventListener("open", () => socket.send("grace"));
  socket.addEventListener("message", (event) => received.push(event.data));
  await settle();
  expect(received).toEqual(["hello, grace"]);
  socket.close(1000);
  await settle();
});

it("routes a service-worker syntax script (addEventListener) with serviceWorker: true", async () => {
  const response = await fetch("https://legacy.example/ada");
  expect(await response.text()).toBe("service worker greets ada");
});

it("leaves other URLs unrouted", async () => {
  await expect(fetch("https://other.example/")).rejects.toThrow("nothing answers https://other.example/");
});

it("names a routed module that does not exist on its first request", async () => {
  await expect(fetch("https://missing.example/")).rejects.toThrow(
    `workers-ws option routes["missing.example"]: the Worker module "./no-such-worker.ts" does not exist (looked for ${import.meta.dirname}/no-such-worker.ts; relative paths start at the project root).`,
  );
});
