import type { ModuleWorker } from "workers-ws";

declare const fixture: ModuleWorker;
export default fixture;
