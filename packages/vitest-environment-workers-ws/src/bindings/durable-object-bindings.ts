/**
 * One Durable Object namespace per binding of the test file: the class is imported from its module
 * through Vite on first use (a test that never touches the binding never loads the module), and
 * its instances get the file's env, which holds the namespaces themselves.
 */
import { createDurableObjectNamespace, type DurableObjectNamespace } from "workers-ws";
import type { DurableObjectSource } from "./durable-objects-option.js";
import { exportOf, importUserModule } from "./import-user-module.js";

type DurableObjectClass = Awaited<ReturnType<Parameters<typeof createDurableObjectNamespace>[0]["load"]>>;

export function durableObjectNamespaces(
  sources: readonly DurableObjectSource[],
  env: () => object,
): Record<string, DurableObjectNamespace> {
  const namespaces: Record<string, DurableObjectNamespace> = {};
  for (const source of sources) {
    const what = `the module of Durable Object binding ${source.binding}`;
    namespaces[source.binding] = createDurableObjectNamespace({
      className: source.className,
      bindingName: source.binding,
      sql: source.sql,
      load: async () =>
        exportOf(
          await importUserModule(source.module, what),
          source.className,
          `${what} (${source.module})`,
        ) as DurableObjectClass,
      env,
    });
  }
  return namespaces;
}
