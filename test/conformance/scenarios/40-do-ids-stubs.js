// Durable Object namespaces, ids and stubs: idFromName/newUniqueId/idFromString, get/getByName,
// stub.fetch (text and a 101 with a WebSocket) and JavaScript RPC as the caller sees it.
export const durableObjects = {
  Do40Echo: class {
    constructor(state, env) {
      this.state = state;
      this.env = env;
    }
    fetch(request) {
      return new Response(`echo ${request.method} ${new URL(request.url).pathname}`);
    }
  },
};

export const scenarios = {
  fetchText: async (t) => {
    const ns = t.objects.Do40Echo;
    const stub = ns.get(ns.idFromName(t.caseId));
    const response = await t.try("stub.fetch", () => stub.fetch("http://do/hello"));
    t.log("status", response.status);
    await t.try("text", () => response.text());
  },
};
