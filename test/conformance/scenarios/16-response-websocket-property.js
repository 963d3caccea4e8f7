// The `webSocket` property of a Response, the other fields of a 101 Response, clone(), and copying a
// Response through `new Response(body, response)`.

export const scenarios = {
  propertyBasics: async (t) => {
    const [client] = Object.values(new WebSocketPair());
    t.name("client", client);
    const plain = new Response("hi");
    t.log("'webSocket' in plain", "webSocket" in plain);
    t.log("plain.webSocket", plain.webSocket);
    const upgrade = new Response(null, { status: 101, webSocket: client });
    t.log("upgrade.webSocket", upgrade.webSocket);
    const firstRead = upgrade.webSocket;
    t.log("stable identity", firstRead === upgrade.webSocket);
    t.log("own property", Object.hasOwn(upgrade, "webSocket"));
    const descriptor = Object.getOwnPropertyDescriptor(Response.prototype, "webSocket");
    t.log("prototype descriptor", {
      get: typeof descriptor?.get,
      set: typeof descriptor?.set,
      enumerable: descriptor?.enumerable,
    });
    t.try("assign webSocket", () => {
      upgrade.webSocket = null;
    });
    t.log("after assign", upgrade.webSocket);
    t.log("Response.json({}).webSocket", Response.json({}).webSocket);
  },

  fieldsOf101: async (t) => {
    const [client] = Object.values(new WebSocketPair());
    const response = new Response(null, { status: 101, webSocket: client });
    t.log("fields", {
      status: response.status,
      statusText: response.statusText,
      ok: response.ok,
      body: response.body,
      bodyUsed: response.bodyUsed,
      type: response.type,
      url: response.url,
      redirected: response.redirected,
      headers: [...response.headers],
    });
    await t.try("text()", () => response.text());
    t.log("bodyUsed after text()", response.bodyUsed);
  },

  cloneThrows: async (t) => {
    const [client] = Object.values(new WebSocketPair());
    const response = new Response(null, { status: 101, webSocket: client });
    t.try("clone()", () => response.clone());
    t.try("clone() of a plain Response", () => new Response("x").clone().status);
  },

  copyThroughConstructor: async (t) => {
    const [client] = Object.values(new WebSocketPair());
    t.name("client", client);
    const original = new Response(null, { status: 101, webSocket: client });
    const copied = t.try("new Response(null, r)", () => new Response(null, original));
    t.log("copied", { status: copied.status, webSocket: copied.webSocket });
    const viaBody = t.try("new Response(r.body, r)", () => new Response(original.body, original));
    t.log("via body", { status: viaBody.status, webSocket: viaBody.webSocket });
    const overridden = t.try(
      "new Response(null, { ...fields, status: 200 })",
      () => new Response(null, { status: 200, headers: original.headers }),
    );
    t.log("overridden", { status: overridden.status, webSocket: overridden.webSocket });
  },
};
