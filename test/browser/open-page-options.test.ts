import { describe, expect, it } from "vitest";
import {
  OpenPageError,
  openPage,
  parseEnvironmentOptions,
  routeWorker,
  WorkersWsOptionsError,
} from "vitest-environment-workers-ws";

describe("openPage() options", () => {
  it("refuses what is not { url, html?, scripts? }, naming the problem", async () => {
    await expect(openPage(undefined as never)).rejects.toThrow(
      new OpenPageError("openPage() needs options like { url, html? }; got null."),
    );
    await expect(openPage({ url: "/relative" })).rejects.toThrow(
      'openPage() needs url: an absolute URL string such as "https://chat.example/"; got "/relative".',
    );
    await expect(openPage({ url: "https://a.example/", html: 42 as never })).rejects.toThrow(
      "openPage(): html must be a string of HTML; got number.",
    );
    await expect(openPage({ url: "https://a.example/", scripts: "yes" as never })).rejects.toThrow(
      OpenPageError,
    );
  });

  it("scripts: false keeps the page's scripts off", async () => {
    const page = await openPage({
      url: "https://a.example/",
      html: "<script>window.ran = 1</script>",
      scripts: false,
    });
    expect((page as unknown as { ran?: number }).ran).toBeUndefined();
    await page.close();
  });
});

describe("the environment option page", () => {
  it("is checked like openPage()'s options", () => {
    expect(() => parseEnvironmentOptions({ "workers-ws": { page: { url: 5 } } })).toThrow(
      new WorkersWsOptionsError(
        'the workers-ws option page needs url: an absolute URL string such as "https://chat.example/"; got 5.',
      ),
    );
    expect(parseEnvironmentOptions({ "workers-ws": { page: { url: "https://a.example/" } } }).page).toEqual({
      url: "https://a.example/",
    });
  });
});

describe("routeWorker's ioContext option", () => {
  it("refuses anything but an IoContext, naming the option", () => {
    expect(() =>
      routeWorker("x.example", { fetch: () => new Response("") }, { ioContext: {} as never }),
    ).toThrow(
      new TypeError(
        'workers-ws: routeWorker() option "ioContext" must come from createIoContext(), got an object.',
      ),
    );
  });
});
