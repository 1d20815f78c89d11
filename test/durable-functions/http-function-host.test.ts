// HTTP functions served under /api/ next to the management API (on a loopback port, no storage): routing,
// methods, auth levels against the host key, body limits, and failures, as the Functions host answers them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TaskHubClient } from "../../src/client/task-hub-client.js";
import { HttpFunctionHost } from "../../src/functions/http-function-host.js";
import { clearRegisteredFunctions, registeredFunctions, type HttpRegistration } from "../../src/functions/function-registry.js";
import * as functions from "../../src/functions/index.js";
import { startHttpApi, type RunningHttpApi } from "../../src/http/http-api.js";
import { createLogger, type LogEntry } from "../../src/logging/logger.js";

let api: RunningHttpApi;
let origin: string;
const logged: LogEntry[] = [];

beforeAll(async () => {
  clearRegisteredFunctions();
  functions.app.http("Echo", { route: "echo/{id}", methods: ["POST"], handler: async (request) => ({ jsonBody: { id: request.params.id, body: await request.text() } }) });
  functions.app.get("Secret", { authLevel: "function", handler: () => ({ body: "secret" }) });
  functions.app.get("Broken", { handler: () => {
    throw new Error("handler failed");
  } });
  const host = new HttpFunctionHost({
    functions: registeredFunctions() as HttpRegistration[],
    key: "k3y-0123456789abcdef",
    maxBodyBytes: 16,
    bindingFor: () => undefined,
    log: createLogger({ sink: (record) => void logged.push(record) }),
  });
  clearRegisteredFunctions();
  api = await startHttpApi({ client: {} as TaskHubClient, port: 0, key: "k3y-0123456789abcdef", extraRoutes: host });
  origin = new URL(api.url).origin;
});

afterAll(async () => {
  await api?.close();
});

describe("HTTP functions under /api/", () => {
  it("routes by template and method: 405 with Allow for another method, 404 for no route", async () => {
    const reply = await fetch(`${origin}/api/echo/42`, { method: "POST", body: "hello" });
    expect([reply.status, await reply.json()]).toEqual([200, { id: "42", body: "hello" }]);
    const wrongMethod = await fetch(`${origin}/api/echo/42`);
    expect([wrongMethod.status, wrongMethod.headers.get("allow")]).toEqual([405, "POST"]);
    expect((await fetch(`${origin}/api/nothing`)).status).toBe(404);
  });

  it("anonymous functions need no key; function-level ones need the host key (?code= or x-functions-key)", async () => {
    expect((await fetch(`${origin}/api/Secret`)).status).toBe(401);
    expect(await (await fetch(`${origin}/api/secret?code=k3y-0123456789abcdef`)).text()).toBe("secret");
    expect((await fetch(`${origin}/api/Secret`, { headers: { "x-functions-key": "k3y-0123456789abcdef" } })).status).toBe(200);
    expect((await fetch(`${origin}/api/Secret?code=wrong`)).status).toBe(401);
  });

  it("a body over the limit is 413; a handler that throws is a 500 with the error logged", async () => {
    expect((await fetch(`${origin}/api/echo/1`, { method: "POST", body: "x".repeat(17) })).status).toBe(413);
    const broken = await fetch(`${origin}/api/Broken`);
    expect(broken.status).toBe(500);
    expect(logged.some((r) => r.event === "HttpFunctionFailed" && JSON.stringify(r).includes("handler failed"))).toBe(true);
  });

  it("leaves the management API where it was (its own key check)", async () => {
    expect((await fetch(`${origin}/runtime/webhooks/durabletask/instances`)).status).toBe(401);
  });
});
