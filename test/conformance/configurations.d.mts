// Types for configurations.mjs (the runner is plain JavaScript so it runs under Node 20 directly).

export interface Configuration {
  /** "<date>" or "<date>+<flag>", unique; used in file names and reports. */
  id: string;
  compatibilityDate: string;
  compatibilityFlags: string[];
}

export const OLD_DATE: string;
export const NEW_DATE: string;
export const WEBSOCKET_FLAGS: [enable: string, disable: string][];
export const OTHER_FLAGS: [enable: string, disable: string][];
export const CONTROL_FLAGS: [enable: string, disable: string][];
export const CONFIGURATIONS: Configuration[];
