// Types for workerd-serve.mjs.

export interface FixtureConfiguration {
  compatibilityDate: string;
  compatibilityFlags: string[];
}

export interface WorkerdFixture {
  readonly url: string;
  readonly output: { text: string };
  stop(): Promise<void>;
}

export function serveFixtureInWorkerd(configuration: FixtureConfiguration): Promise<WorkerdFixture>;
