/**
 * A wrangler config workers-ws cannot use: the message names the file, the key at fault and what
 * is supported, so the fix is clear without reading this package's source.
 */
export class WranglerConfigError extends TypeError {
  override name = "WranglerConfigError";
  /** The config file (absolute path). */
  readonly file: string;
  /** The key at fault, as a path (`durable_objects.bindings[0].script_name`), or "" for the file. */
  readonly key: string;

  constructor(file: string, key: string, message: string) {
    super(`workers-ws: ${file}${key === "" ? "" : `: ${key}`}: ${message}`);
    this.file = file;
    this.key = key;
  }
}

/** A value for an error message: JSON where it has one, else its type; never throws. */
export function showConfigValue(value: unknown): string {
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}
