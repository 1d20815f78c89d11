// The keyless local API against what a web page or a crafted request can send: a rebinding Host, a cross-site
// POST, a request target naming another host, malformed headers, garbage continuation tokens. Each is a 4xx
// with a clear message and none is logged as a server error.
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/core/index.js";
import { startHttpApi, type RunningHttpApi } from "../../src/http/http-api.js";
import { statusListParam } from "../../src/http/query-params.js";
import { instanceQueryFilter } from "../../src/azure/tracking/instance-query.js";
import { createLogger, type LogEntry } from "../../src/logging/logger.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";
import { call, post } from "./http-test-support.js";

let hub: TestHub;
let api: RunningHttpApi;
let port: number;
const logged: LogEntry[] = [];

beforeAll(async () => {
  hub = await startTestHub((worker) => {
    worker.addOrchestrator("Echo", function* (_ctx: OrchestrationContext, input: unknown) {
      return input;
    }).addOrchestrator("Wait", function* (ctx: OrchestrationContext) {
      return yield ctx.waitForExternalEvent("Go");
    });
  });
  api = await startHttpApi({ client: hub.client, port: 0, log: createLogger({ sink: (entry) => logged.push(entry) }) });
  port = api.port;
});

afterAll(async () => {
  await api?.close();
  await hub?.stop();
});

interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** A request with exactly these headers and target (fetch would not let us set Host or a `//` target). */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: "127.0.0.1", port, method, path, headers, setHost: !("host" in headers) }, (response) => {
      let text = "";
      response.setEncoding("utf8").on("data", (chunk) => (text += chunk));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body: text ? JSON.parse(text) : undefined }));
    });
    request.on("error", reject);
    request.end(body);
  });
}

const PREFIX = "/runtime/webhooks/durabletask";

describe("without a key", () => {
  it("refuses a foreign Host (DNS rebinding) with 403 and lists nothing", async () => {
    const reply = await raw("GET", `${PREFIX}/instances`, { host: `evil.example:${port}` });
    expect(reply.status).toBe(403);
    expect(reply.body.error.code).toBe("ForbiddenHost");
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, "localhost", `[::1]:${port}`]) {
      expect((await raw("GET", `${PREFIX}/instances`, { host })).status, host).toBe(200);
    }
  });

  it("refuses a cross-site POST (Origin of another site, text/plain) and starts nothing", async () => {
    const reply = await raw("POST", `${PREFIX}/orchestrators/Echo/csrf-1`, { origin: "http://evil.example", "content-type": "text/plain" }, '"x"');
    expect(reply.status).toBe(403);
    expect(reply.body.error.code).toBe("ForbiddenOrigin");
    const fetchMeta = await raw("POST", `${PREFIX}/orchestrators/Echo/csrf-2`, { "sec-fetch-site": "cross-site", "content-type": "application/json" }, '"x"');
    expect(fetchMeta.status).toBe(403);
    const nullOrigin = await raw("POST", `${PREFIX}/orchestrators/Echo/csrf-3`, { origin: "null", "content-type": "application/json" }, '"x"');
    expect(nullOrigin.status).toBe(403);
    for (const id of ["csrf-1", "csrf-2", "csrf-3"]) expect(await hub.client.getOrchestrationState(id)).toBeUndefined();
  });

  it("needs a JSON content type on POST, so a browser must preflight; its own origin is fine", async () => {
    const plain = await raw("POST", `${PREFIX}/orchestrators/Echo/ct-1`, { "content-type": "text/plain" }, '"x"');
    expect(plain.status).toBe(415);
    expect(plain.body.error.message).toMatch(/Content-Type: application\/json/);
    const none = await raw("POST", `${PREFIX}/orchestrators/Echo/ct-2`);
    expect(none.status).toBe(415);
    expect(await hub.client.getOrchestrationState("ct-1")).toBeUndefined();
    const own = await raw("POST", `${PREFIX}/orchestrators/Echo/ct-3`, { origin: `http://127.0.0.1:${port}`, "content-type": "application/json; charset=utf-8" }, '"x"');
    expect(own.status).toBe(202);
  });

  it("builds Location and management URLs from its own base, never from a crafted target or Host", async () => {
    await post(`${api.url}/orchestrators/Wait/appr1`);
    const crafted = await raw("GET", `//evil.example${PREFIX}/instances/appr1?code=secret`);
    expect(crafted.status).toBe(404);
    expect(crafted.headers.location).toBeUndefined();
    const status = await raw("GET", `${PREFIX}/instances/appr1?code=k`, { host: `localhost:${port}` });
    expect(status.status).toBe(202);
    expect(status.headers.location).toBe(`${api.url}/instances/appr1?code=k`);
    const started = await raw("POST", `${PREFIX}/orchestrators/Echo/urls-1`, { host: `localhost:${port}`, "content-type": "application/json" });
    expect(started.headers.location).toBe(`${api.url}/instances/urls-1`);
    expect(started.body.statusQueryGetUri.startsWith(api.url)).toBe(true);
  });

  it("answers 400 to a malformed Host header and a target that is not a path", async () => {
    const badHost = await raw("GET", `${PREFIX}/instances`, { host: "a b" });
    expect(badHost.status).toBe(400);
    expect(badHost.body.error.code).toBe("MalformedHost");
    const absolute = await raw("GET", `http://evil.example${PREFIX}/instances`);
    expect(absolute.status).toBe(400);
    expect(absolute.body.error.code).toBe("MalformedRequestTarget");
  });
});

describe("malformed requests are 4xx, never logged as server errors", () => {
  const token = (inner: unknown) => `dtfx1.${Buffer.from(JSON.stringify({ sdk: inner })).toString("base64url")}`;
  const sdk = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64");

  it("refuses garbage continuation tokens with 400", async () => {
    for (const bad of ["garbage", token("%%%not-base64%%%"), token(sdk([1, 2])), token(sdk({ nextPartitionKey: 42 })), token(sdk({ nextPartitionKey: "a", nextRowKey: {} }))]) {
      const reply = await call(`${api.url}/instances`, { headers: { "x-ms-continuation-token": bad } });
      expect(reply.status, bad).toBe(400);
      expect(reply.body.error.code).toBe("InvalidContinuationToken");
      expect((await call(`${api.url}/entities`, { headers: { "x-ms-continuation-token": bad } })).status, bad).toBe(400);
    }
  });

  it("answers 400 naming the rule for ids that cannot be stored, and 404 (not 500) for reads of them", async () => {
    const cases: [string, RegExp][] = [["a%2F..%2Fb", /path segment/], ["..%2Fup", /path segment/], ["ctl%01x", /control characters/], ["line%E2%80%A8sep", /U\+2028/], ["%40box%40k", /'@'/]];
    for (const [id, rule] of cases) {
      const reply = await raw("POST", `${PREFIX}/orchestrators/Echo/${id}`, { "content-type": "application/json" });
      expect(reply.status, id).toBe(400);
      expect(reply.body.error.code).toBe("InvalidInstanceId");
      expect(reply.body.error.message).toMatch(rule);
    }
    expect((await raw("DELETE", `${PREFIX}/instances/ctl%01x`)).status).toBe(404);
    expect((await raw("GET", `${PREFIX}/instances/ctl%01x`)).status).toBe(404);
  });

  it("counts a repeated runtimeStatus once", async () => {
    const query = new URLSearchParams(Array.from({ length: 60 }, (): [string, string] => ["runtimeStatus", "Running"]));
    query.append("runtimeStatus", "running,Completed");
    expect(statusListParam(query)).toEqual(["Running", "Completed"]);
    expect(instanceQueryFilter({ runtimeStatus: statusListParam(query) })).toBe("RuntimeStatus eq 'Running' or RuntimeStatus eq 'Completed'");
    expect((await call(`${api.url}/instances?${query}`)).status).toBe(200);
  });

  it("logged no server error for any of the above", () => {
    expect(logged.filter((entry) => entry.level === "error")).toEqual([]);
  });
});

describe("with a key", () => {
  it("accepts any Host and Origin with the key (the key is the guard), and refuses keys shorter than 16 characters", async () => {
    const key = "0123456789abcdef-key";
    const keyed = await startHttpApi({ client: hub.client, port: 0, key, baseUrl: "https://durable.example.com/base/" });
    try {
      const { port: keyedPort } = keyed;
      const reply = await new Promise<number>((resolve, reject) => {
        httpRequest({ host: "127.0.0.1", port: keyedPort, path: `${PREFIX}/instances?code=${key}`, headers: { host: "proxy.example", origin: "https://elsewhere.example" } }, (r) => {
          r.resume();
          resolve(r.statusCode!);
        }).on("error", reject).end();
      });
      expect(reply).toBe(200);
      expect(keyed.url).toBe("https://durable.example.com/base/runtime/webhooks/durabletask");
      const started = await post(`http://127.0.0.1:${keyedPort}${PREFIX}/orchestrators/Echo/keyed-1?code=${key}`, 1, { "content-type": "text/plain" });
      expect(started.status).toBe(202);
      expect(started.body.statusQueryGetUri).toBe(`https://durable.example.com/base${PREFIX}/instances/keyed-1?code=${key}`);
    } finally {
      await keyed.close();
    }
    await expect(startHttpApi({ client: hub.client, port: 0, key: "short" })).rejects.toThrow(/at least 16 characters/);
    await expect(startHttpApi({ client: hub.client, port: 0, key: " ".repeat(20) })).rejects.toThrow(/not all blank/);
    await expect(startHttpApi({ client: hub.client, port: 0, baseUrl: "not a url" })).rejects.toThrow(/not an absolute URL/);
  });
});
