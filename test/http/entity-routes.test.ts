// The entity routes: signal an operation with POST ?op=, read the state with GET, list entities by name.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHttpApi, type RunningHttpApi } from "../../src/http/http-api.js";
import { registerSamples } from "../../src/samples/index.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";
import { call, post, postText } from "./http-test-support.js";

let hub: TestHub;
let api: RunningHttpApi;

beforeAll(async () => {
  hub = await startTestHub((worker) => void registerSamples(worker));
  const names = () => hub.worker.registeredNames;
  api = await startHttpApi({
    client: hub.client,
    port: 0,
    orchestratorNames: () => names().orchestrators,
    entityNames: () => names().entities,
  });
});

afterAll(async () => {
  await api?.close();
  await hub?.stop();
});

/** Polls GET /entities/{name}/{key} until the state is the expected one. */
async function entityStateBecomes(url: string, expected: unknown, timeoutInMs = 20_000) {
  const deadline = Date.now() + timeoutInMs;
  for (;;) {
    const reply = await call(url);
    if (reply.status === 200 && JSON.stringify(reply.body.state) === JSON.stringify(expected)) return reply;
    if (Date.now() > deadline) throw new Error(`Entity state still ${JSON.stringify(reply.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("entities over HTTP", () => {
  it("signals operations (202) and reads the state (200), matching the name case-insensitively", async () => {
    const url = `${api.url}/entities/Counter/apples`;
    expect((await call(url)).status).toBe(404);
    expect((await post(`${url}?op=add`, 5)).status).toBe(202);
    expect((await post(`${api.url}/entities/counter/apples?op=add`, 2)).status).toBe(202);
    const reply = await entityStateBecomes(url, 7);
    expect(reply.body).toMatchObject({ entityId: "@counter@apples", name: "counter", key: "apples", state: 7 });
    expect(new Date(reply.body.lastModifiedAt).toISOString()).toBe(reply.body.lastModifiedAt);
  });

  it("lists entities of a name in pages", async () => {
    for (const key of ["k1", "k2", "k3"]) await post(`${api.url}/entities/Counter/${key}?op=add`, 1);
    for (const key of ["k1", "k2", "k3"]) await entityStateBecomes(`${api.url}/entities/Counter/${key}`, 1);
    const first = await call(`${api.url}/entities/Counter?top=2`);
    expect(first.status).toBe(200);
    expect(first.body.length).toBeLessThanOrEqual(2);
    const keys = new Set<string>(first.body.map((e: { key: string }) => e.key));
    let token = first.headers.get("x-ms-continuation-token");
    while (token) {
      const next = await call(`${api.url}/entities/Counter?top=2`, { headers: { "x-ms-continuation-token": token } });
      for (const entity of next.body) keys.add(entity.key);
      token = next.headers.get("x-ms-continuation-token");
    }
    expect([...keys]).toEqual(expect.arrayContaining(["k1", "k2", "k3"]));
    expect((await call(`${api.url}/entities`)).body.length).toBeGreaterThanOrEqual(3);
    expect((await call(`${api.url}/entities/NoSuchEntity`)).body).toEqual([]);
  });

  it("refuses unknown entity names, a missing op and malformed JSON with 400, and changes nothing", async () => {
    const unknown = await post(`${api.url}/entities/Nope/k?op=add`, 1);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe("UnknownEntity");
    expect((await post(`${api.url}/entities/Counter/bad`, 1)).status).toBe(400);
    expect((await postText(`${api.url}/entities/Counter/bad?op=add`, "{1")).status).toBe(400);
    expect((await call(`${api.url}/entities/Counter/bad`)).status).toBe(404);
    expect((await call(`${api.url}/entities/Counter/bad`, { method: "DELETE" })).status).toBe(405);
  });
});
