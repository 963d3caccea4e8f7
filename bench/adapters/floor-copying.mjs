/**
 * The floor with workerd's copy at send(): binary data is copied into a new ArrayBuffer before it is
 * queued (adapters/floor.mjs), as workerd and workers-ws must do. It runs the binary workload
 * only, where issue 21's target is set against it; for strings it is the floor.
 */
import { createFloorAdapter } from "./floor.mjs";

export async function createAdapter() {
  return createFloorAdapter({ name: "floor-copying", copyBinary: true });
}
