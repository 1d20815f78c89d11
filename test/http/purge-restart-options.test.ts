// The management API's purge, terminate and restart options: ?force and ?recursive on purge (409 for an
// unfinished instance otherwise), ?recursive on terminate, ?restartWithNewInstanceId on restart.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/core/index.js";
import { startHttpApi, type RunningHttpApi } from "../../src/http/http-api.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";
import { call, pollForStatus, pollUntilDone, post } from "./http-test-support.js";

let hub: TestHub;
let api: RunningHttpApi;

beforeAll(async () => {
  hub = await startTestHub((worker) => {
    worker
      .addOrchestrator("Echo", function* (_ctx: OrchestrationContext, input: unknown) {
        return input;
      })
      .addOrchestrator("Parent", function* (ctx: OrchestrationContext) {
        return yield ctx.callSubOrchestrator("WaitForGo", undefined, { instanceId: `${ctx.instanceId}-child` });
      })
      .addOrchestrator("WaitForGo", function* (ctx: OrchestrationContext) {
        return yield ctx.waitForExternalEvent("Go");
      });
  });
  api = await startHttpApi({ client: hub.client, port: 0, orchestratorNames: () => ["Echo", "Parent", "WaitForGo"] });
});

afterAll(async () => {
  await api?.close();
  await hub?.stop();
});

const instanceUrl = (id: string) => `${api.url}/instances/${encodeURIComponent(id)}`;

describe("purge, terminate and restart options", () => {
  it("answers 409 to purging an unfinished instance; force=true terminates and purges it", async () => {
    const started = await post(`${api.url}/orchestrators/WaitForGo/force-1`);
    await pollForStatus(started.body.statusQueryGetUri, ["Running"]);
    const refused = await call(instanceUrl("force-1"), { method: "DELETE" });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: "InstanceNotTerminal" });
    expect(refused.body.error.message).toMatch(/'force-1' \(Running\) has not finished/);
    expect((await call(instanceUrl("force-1"), { method: "DELETE" })).status).toBe(409);
    const forced = await call(`${instanceUrl("force-1")}?force=true`, { method: "DELETE" });
    expect(forced).toMatchObject({ status: 200, body: { instancesDeleted: 1 } });
    expect((await call(`${instanceUrl("force-1")}?force=maybe`, { method: "DELETE" })).status).toBe(400);
  });

  it("terminates with recursive=true down to the child, then purges both with recursive=true", async () => {
    await post(`${api.url}/orchestrators/Parent/tree-1`);
    await pollForStatus(`${instanceUrl("tree-1-child")}`, ["Running"]);
    expect((await post(`${instanceUrl("tree-1")}/terminate?recursive=true&reason=stop`)).status).toBe(202);
    expect((await pollUntilDone(instanceUrl("tree-1-child"))).body.runtimeStatus).toBe("Terminated");
    await pollUntilDone(instanceUrl("tree-1"));
    const purged = await call(`${instanceUrl("tree-1")}?recursive=true`, { method: "DELETE" });
    expect(purged).toMatchObject({ status: 200, body: { instancesDeleted: 2 } });
    expect((await call(instanceUrl("tree-1-child"))).status).toBe(404);
  });

  it("restarts under a new id with restartWithNewInstanceId=true", async () => {
    await pollUntilDone((await post(`${api.url}/orchestrators/Echo/restart-new`, "hi")).body.statusQueryGetUri);
    const restarted = await post(`${instanceUrl("restart-new")}/restart?restartWithNewInstanceId=true`);
    expect(restarted.status).toBe(202);
    expect(restarted.body.id).not.toBe("restart-new");
    expect((await pollUntilDone(restarted.body.statusQueryGetUri)).body.output).toBe("hi");
  });
});
