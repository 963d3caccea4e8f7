// Types for client-trace.mjs (plain JavaScript so the scenarios run under Node directly).

export interface ClientOptions {
  /** Whether the ws client offers permessage-deflate. */
  compress: boolean;
}

export type ClientTrace = Record<string, string[]>;

export const clientScenarios: Record<string, (base: string, options: ClientOptions) => Promise<string[]>>;
export function runClientScenarios(base: string, options: ClientOptions): Promise<ClientTrace>;
