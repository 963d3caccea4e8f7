import type { OpenPageOptions } from "./open-page.js";

/**
 * Checks openPage() options (and the environment's `page` option, which takes the same), naming
 * what is wrong; `fail` makes the error of the caller's kind.
 */
export function checkPageOption(
  options: unknown,
  fail: (message: string) => Error,
  where = "the workers-ws option page",
): OpenPageOptions | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw fail(
      `${where} needs options like { url, html? }; got ${options === null ? "null" : typeof options}.`,
    );
  }
  const { url, html, scripts } = options as Record<string, unknown>;
  if (typeof url !== "string" || !URL.canParse(url)) {
    throw fail(
      `${where} needs url: an absolute URL string such as "https://chat.example/"; got ${JSON.stringify(url) ?? typeof url}.`,
    );
  }
  if (html !== undefined && typeof html !== "string") {
    throw fail(`${where}: html must be a string of HTML; got ${typeof html}.`);
  }
  if (scripts !== undefined && typeof scripts !== "boolean") {
    throw fail(`${where}: scripts must be true or false; got ${typeof scripts}.`);
  }
  return options as OpenPageOptions;
}
