// dtfx/functions without a server: route templates as the Functions host matches them, what an HTTP function may
// return, app.http's registrations and refusals, and v3's req/res conversions.
import { describe, expect, it } from "vitest";
import * as functions from "../../src/functions/index.js";
import { clearRegisteredFunctions, registeredFunctions, type HttpRegistration } from "../../src/functions/function-registry.js";
import { toFetchResponse } from "../../src/functions/http-response.js";
import { compareRoutePrecedence, parseRouteTemplate } from "../../src/functions/route-template.js";
import { fromV3Response, toV3Request } from "../../src/functions/v3/v3-http.js";

describe("route templates", () => {
  it("match literal segments case-insensitively and decode parameters", () => {
    const route = parseRouteTemplate("orchestrators/{functionName}");
    expect(route.match("/orchestrators/Hello%20World")).toEqual({ functionName: "Hello World" });
    expect(route.match("Orchestrators/x/")).toEqual({ functionName: "x" });
    expect(route.match("/orchestrators")).toBeUndefined();
    expect(route.match("/orchestrators/x/y")).toBeUndefined();
  });

  it("optional last parameters, constraints, catch-alls and parameters inside a segment", () => {
    expect(parseRouteTemplate("orchestrators/{name}/{id?}").match("/orchestrators/a")).toEqual({ name: "a" });
    expect(parseRouteTemplate("items/{id:int}").match("/items/12")).toEqual({ id: "12" });
    expect(parseRouteTemplate("items/{id:int}").match("/items/abc")).toBeUndefined();
    expect(parseRouteTemplate("files/{*path}").match("/files/a/b/c.txt")).toEqual({ path: "a/b/c.txt" });
    expect(parseRouteTemplate("files/{name}.{ext}").match("/files/report.pdf")).toEqual({ name: "report", ext: "pdf" });
    expect(() => parseRouteTemplate("a/{x?}/b")).toThrow(/only the last segment may be optional/);
  });

  it("rank literal segments before parameters, constrained before plain, catch-alls last", () => {
    const templates = ["files/{*path}", "orchestrators/{name}", "orchestrators/{id:int}", "orchestrators/status", "orchestrators/{name}/wait"];
    const ranked = templates.map(parseRouteTemplate).sort(compareRoutePrecedence).map((t) => t.template);
    expect(ranked).toEqual(["orchestrators/status", "orchestrators/{id:int}", "orchestrators/{name}/wait", "orchestrators/{name}", "files/{*path}"]);
  });
});

describe("what an HTTP function returns", () => {
  it("an HttpResponseInit (jsonBody as JSON, status default 200), an HttpResponse, a Response, or nothing", async () => {
    const json = toFetchResponse({ jsonBody: { a: 1 }, status: 201, headers: { "x-a": "1" } });
    expect([json.status, json.headers.get("content-type"), json.headers.get("x-a"), await json.text()]).toEqual([201, "application/json", "1", '{"a":1}']);
    const text = toFetchResponse(new functions.HttpResponse({ body: "hi", cookies: [{ name: "c", value: "v w", httpOnly: true }] }));
    expect([text.status, await text.text(), text.headers.getSetCookie()]).toEqual([200, "hi", ["c=v%20w; HttpOnly"]]);
    expect(toFetchResponse(new Response("raw", { status: 418 })).status).toBe(418);
    expect(toFetchResponse(undefined).status).toBe(200);
    expect(toFetchResponse({ status: 204, body: "dropped" }).status).toBe(204);
    expect(() => toFetchResponse("text")).toThrow(/must return an HttpResponse, an HttpResponseInit or a Response, not a string/);
  });

  it("HttpRequest gives params, query, headers, text() and json() over the fetch Request", async () => {
    const request = new functions.HttpRequest(new Request("http://h/api/x?q=1", { method: "POST", headers: { "x-h": "v" }, body: '{"a":2}' }), { id: "7" });
    expect([request.params.id, request.query.get("q"), request.headers.get("x-h"), request.method]).toEqual(["7", "1", "v", "POST"]);
    expect(await request.clone().json()).toEqual({ a: 2 });
    expect(await request.text()).toBe('{"a":2}');
  });
});

describe("app.http", () => {
  it("registers a route (the function's name by default) with GET and POST unless told, anonymous unless told", async () => {
    clearRegisteredFunctions();
    functions.app.http("Hello", { handler: (request) => ({ body: `hi ${request.query.get("name")}` }) });
    functions.app.get("Status", { route: "status/{id}", authLevel: "function", handler: (request, context) => ({ jsonBody: { id: request.params.id, fn: context.functionName } }) });
    const [hello, status] = registeredFunctions() as HttpRegistration[];
    expect([hello!.route, hello!.methods, hello!.authLevel]).toEqual(["Hello", ["GET", "POST"], "anonymous"]);
    expect([status!.route, status!.methods, status!.authLevel]).toEqual(["status/{id}", ["GET"], "function"]);
    const reply = await status!.invoke({ request: new Request("http://h/api/status/9"), params: { id: "9" }, bindingFor: () => undefined });
    expect(await reply.json()).toEqual({ id: "9", fn: "Status" });
    clearRegisteredFunctions();
  });

  it("refuses bindings and triggers dtfx cannot provide, by name", () => {
    expect(() => functions.app.http("Blob", { extraInputs: [{ name: "b", type: "blob" }], handler: () => undefined })).toThrow(/durableClient inputs only, not 'blob'/);
    expect(() => functions.app.http("Out", { extraOutputs: [{ name: "q", type: "queue" }], handler: () => undefined })).toThrow(/output bindings/);
    expect(() => functions.app.timer("Nightly")).toThrow(functions.NotSupportedByDtfxError);
    expect(registeredFunctions()).toEqual([]);
  });
});

describe("programming model v3 HTTP", () => {
  it("req: headers, query and params as objects, a JSON body parsed, the raw text kept", async () => {
    const req = await toV3Request(new Request("http://h/api/o/x?a=1", { method: "POST", headers: { "content-type": "application/json" }, body: "[1,2]" }), { name: "x" });
    expect(req).toMatchObject({ method: "POST", url: "http://h/api/o/x?a=1", query: { a: "1" }, params: { name: "x" }, body: [1, 2], rawBody: "[1,2]" });
    expect(req.get("Content-Type")).toBe("application/json");
    expect((await toV3Request(new Request("http://h/", { method: "POST", body: "plain" }), {})).body).toBe("plain");
  });

  it("res: { status, body, headers }; object bodies as JSON", async () => {
    const response = fromV3Response({ status: 202, body: { id: "i" }, headers: { Location: "http://x", "Retry-After": 10 } });
    expect([response.status, response.headers.get("location"), response.headers.get("retry-after"), response.headers.get("content-type")]).toEqual([202, "http://x", "10", "application/json"]);
    expect(await response.json()).toEqual({ id: "i" });
    expect(await fromV3Response({ body: "text" }).text()).toBe("text");
    expect(fromV3Response(undefined).status).toBe(200);
  });
});
