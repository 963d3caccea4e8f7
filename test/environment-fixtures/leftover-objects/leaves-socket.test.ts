import { expect, it } from "vitest";
import { env } from "vitest-environment-workers-ws";

type Lobby = { getByName(name: string): { fetch(url: string, init: RequestInit): Promise<Response> } };

it("joins the lobby and leaves the socket open", async () => {
  const response = await (env.LOBBY as Lobby).getByName("main").fetch("https://lobby.example/", {
    headers: { Upgrade: "websocket" },
  });
  expect(response.status).toBe(101);
  response.webSocket?.accept();
});
