// Key enforcement: a server on 0.0.0.0 with a key refuses keyless requests and accepts the key as
// ?code= or x-functions-key; without a key it refuses to bind anywhere but loopback.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertSafeBinding, isLoopbackHost } from "../../src/http/binding-policy.js";
import { startHttpApi, type RunningHttpApi } from "../../src/http/http-api.js";
import { UnsafeBindingError } from "../../src/http/http-errors.js";
import { registerSamples } from "../../src/samples/index.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";
import { call, pollUntilDone, post } from "./http-test-support.js";

const KEY = "s3cret/key+=long-enough";
let hub: TestHub;
let api: RunningHttpApi;

beforeAll(async () => {
  hub = await startTestHub((worker) => void registerSamples(worker));
  api = await startHttpApi({ client: hub.client, host: "0.0.0.0", port: 0, key: KEY, orchestratorNames: () => ["HelloCities"] });
});

afterAll(async () => {
  await api?.close();
  await hub?.stop();
});

describe("with a key", () => {
  it("answers 401 to requests without the key or with a wrong one, before routing and without side effects", async () => {
    expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/runtime\/webhooks\/durabletask$/);
    const keyless = await post(`${api.url}/orchestrators/HelloCities/keyless-1`);
    expect(keyless.status).toBe(401);
    expect(keyless.body.error.code).toBe("Unauthorized");
    expect((await call(`${api.url}/instances?code=wrong`)).status).toBe(401);
    expect((await call(`${api.url}/instances`, { headers: { "x-functions-key": "wrong" } })).status).toBe(401);
    expect((await call(`${api.url}/no-such-route`)).status).toBe(401);
    expect((await call(`${api.url}/instances/keyless-1?code=${encodeURIComponent(KEY)}`)).status).toBe(404);
  });

  it("accepts the key as ?code= and puts it in every management URL, which then work as they are", async () => {
    const started = await post(`${api.url}/orchestrators/HelloCities?code=${encodeURIComponent(KEY)}`);
    expect(started.status).toBe(202);
    const code = `code=${encodeURIComponent(KEY)}`;
    expect(started.body.statusQueryGetUri).toMatch(new RegExp(`/instances/${started.body.id}\\?${escape(code)}$`));
    expect(started.body.sendEventPostUri).toMatch(new RegExp(`/raiseEvent/\\{eventName\\}\\?${escape(code)}$`));
    expect(started.body.terminatePostUri).toMatch(new RegExp(`/terminate\\?reason=\\{text\\}&${escape(code)}$`));
    const done = await pollUntilDone(started.body.statusQueryGetUri);
    expect(done.status).toBe(200);
    expect(done.body.output).toEqual(["Hello Tokyo!", "Hello Seattle!", "Hello London!"]);
    const purged = await call(started.body.purgeHistoryDeleteUri, { method: "DELETE" });
    expect(purged.body).toEqual({ instancesDeleted: 1 });
  });

  it("accepts the key in the x-functions-key header", async () => {
    const listed = await call(`${api.url}/instances`, { headers: { "x-functions-key": KEY } });
    expect(listed.status).toBe(200);
    expect(Array.isArray(listed.body)).toBe(true);
  });
});

describe("binding without a key", () => {
  it("refuses a non-loopback interface with UnsafeBindingError, before listening", async () => {
    await expect(startHttpApi({ client: hub.client, host: "0.0.0.0", port: 0 })).rejects.toThrow(UnsafeBindingError);
    expect(() => assertSafeBinding("192.168.1.10", undefined)).toThrow(/without a key/);
    expect(() => assertSafeBinding("::", "")).toThrow(UnsafeBindingError);
    expect(() => assertSafeBinding("0.0.0.0", "k")).not.toThrow();
  });

  it("knows loopback addresses", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]", "::ffff:127.0.0.1"]) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ["0.0.0.0", "::", "10.0.0.1", "example.com", "128.0.0.1"]) expect(isLoopbackHost(host)).toBe(false);
  });

  it("serves loopback without a key", async () => {
    const local = await startHttpApi({ client: hub.client, port: 0 });
    try {
      expect((await call(`${local.url}/instances`)).status).toBe(200);
    } finally {
      await local.close();
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
