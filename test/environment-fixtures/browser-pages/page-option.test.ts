// @vitest-environment-options { "compatibilityDate": "2026-11-01", "page": { "url": "https://app.example/home", "html": "<h1 id='t'>Hello</h1><script>window.ran = true;</script>" } }
import { expect, it } from "vitest";
import { WebSocket as WorkersWebSocket } from "vitest-environment-workers-ws";

it("installs the page's window and document as globals, and keeps the Workers globals", () => {
  const g = globalThis as unknown as {
    window: { location: { href: string }; ran?: boolean; WebSocket: unknown };
    document: { getElementById(id: string): { textContent: string } | null };
  };
  expect(g.window.location.href).toBe("https://app.example/home");
  expect(g.document.getElementById("t")?.textContent).toBe("Hello");
  expect(g.window.ran).toBe(true);
  // The test's WebSocket is still the Workers one; the page's is window.WebSocket.
  expect(globalThis.WebSocket).not.toBe(g.window.WebSocket);
  expect(globalThis.WebSocket).toBe(WorkersWebSocket);
  console.log("page option ok");
});
