// The async HTTP pattern end to end, and the status route's options, on a real Azurite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/core/index.js";
import { startHttpApi, type RunningHttpApi } from "../../src/http/http-api.js";
import { registerSamples } from "../../src/samples/index.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";
import { call, pollForStatus, pollUntilDone, post } from "./http-test-support.js";

let hub: TestHub;
let api: RunningHttpApi;
const names: string[] = [];

beforeAll(async () => {
  hub = await startTestHub((worker) => {
    registerSamples(worker)
      .addOrchestrator("Echo", function* (_ctx: OrchestrationContext, input: unknown) {
        return input;
      })
      .addOrchestrator("Fails", function* () {
        throw new Error("boom");
      })
      .addOrchestrator("WaitForGo", function* (ctx: OrchestrationContext) {
        ctx.setCustomStatus("waiting");
        return yield ctx.waitForExternalEvent("Go");
      });
  });
  names.push("HelloCities", "Echo", "Fails", "WaitForGo");
  api = await startHttpApi({ client: hub.client, port: 0, orchestratorNames: () => names });
});

afterAll(async () => {
  await api?.close();
  await hub?.stop();
});

describe("the async HTTP pattern", () => {
  it("starts HelloCities with a 202 and the management payload, then polls it to 200 with the output", async () => {
    const started = await post(`${api.url}/orchestrators/HelloCities`);
    expect(started.status).toBe(202);
    const { id, statusQueryGetUri } = started.body;
    const instance = `${new URL(api.url).origin}/runtime/webhooks/durabletask/instances/${id}`;
    expect(started.body).toEqual({
      id,
      statusQueryGetUri: instance,
      sendEventPostUri: `${instance}/raiseEvent/{eventName}`,
      terminatePostUri: `${instance}/terminate?reason={text}`,
      rewindPostUri: `${instance}/rewind?reason={text}`,
      purgeHistoryDeleteUri: instance,
      suspendPostUri: `${instance}/suspend?reason={text}`,
      resumePostUri: `${instance}/resume?reason={text}`,
    });
    expect(started.headers.get("location")).toBe(statusQueryGetUri);

    const done = await pollUntilDone(statusQueryGetUri);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      name: "HelloCities",
      instanceId: id,
      runtimeStatus: "Completed",
      input: null,
      customStatus: null,
      output: ["Hello Tokyo!", "Hello Seattle!", "Hello London!"],
    });
    expect(new Date(done.body.createdTime).toISOString()).toBe(done.body.createdTime);
    expect(Date.parse(done.body.lastUpdatedTime)).toBeGreaterThanOrEqual(Date.parse(done.body.createdTime));
  });

  it("takes the JSON body as input and the path's instance id, and matches the name case-insensitively", async () => {
    const started = await post(`${api.url}/orchestrators/echo/echo-1`, { city: "Oslo" });
    expect(started.status).toBe(202);
    expect(started.body.id).toBe("echo-1");
    const done = await pollUntilDone(started.body.statusQueryGetUri);
    expect(done.body).toMatchObject({ instanceId: "echo-1", input: { city: "Oslo" }, output: { city: "Oslo" } });
  });

  it("answers 202 with Location and Retry-After while running, with the custom status", async () => {
    const started = await post(`${api.url}/orchestrators/WaitForGo/waiting-1`);
    const running = await pollForStatus(started.body.statusQueryGetUri, ["Running"]);
    expect(running.status).toBe(202);
    expect(running.headers.get("location")).toBe(started.body.statusQueryGetUri);
    expect(running.headers.get("retry-after")).toBe("1");
    expect(running.body.customStatus).toBe("waiting");
    expect((await post(`${api.url}/instances/waiting-1/terminate`)).status).toBe(202);
  });
});

describe("GET /instances/{id}", () => {
  it("leaves the input out with showInput=false and shows history only when asked, outputs only with showHistoryOutput", async () => {
    const started = await post(`${api.url}/orchestrators/HelloCities/history-1`, ["Paris", "Rome"]);
    await pollUntilDone(started.body.statusQueryGetUri);
    const status = `${api.url}/instances/history-1`;
    const plain = await call(status);
    expect(plain.body.input).toEqual(["Paris", "Rome"]);
    expect(plain.body.historyEvents).toBeUndefined();
    expect("input" in (await call(`${status}?showInput=false`)).body).toBe(false);

    const withHistory = (await call(`${status}?showHistory=true`)).body.historyEvents;
    const types = withHistory.map((e: { eventType: string }) => e.eventType);
    expect(types).toContain("ExecutionStarted");
    expect(types).toContain("TaskCompleted");
    expect(types).toContain("ExecutionCompleted");
    expect(withHistory.some((e: object) => "result" in e || "input" in e)).toBe(false);

    const withOutputs = (await call(`${status}?showHistory=true&showHistoryOutput=true`)).body.historyEvents;
    const completed = withOutputs.filter((e: { eventType: string }) => e.eventType === "TaskCompleted");
    expect(completed.map((e: { result: unknown }) => e.result)).toEqual(["Hello Paris!", "Hello Rome!"]);
  });

  it("answers 200 for a failed instance, 500 with returnInternalServerErrorOnFailure=true", async () => {
    const started = await post(`${api.url}/orchestrators/Fails/fails-1`);
    const failed = await pollUntilDone(started.body.statusQueryGetUri);
    expect(failed.status).toBe(200);
    expect(failed.body.runtimeStatus).toBe("Failed");
    expect(failed.body.output).toContain("boom");
    const as500 = await call(`${started.body.statusQueryGetUri}?returnInternalServerErrorOnFailure=true`);
    expect(as500.status).toBe(500);
    expect(as500.body.runtimeStatus).toBe("Failed");
  });

  it("answers 404 for an unknown instance and 400 for a malformed flag", async () => {
    const unknown = await call(`${api.url}/instances/no-such-instance`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("NotFound");
    expect((await call(`${api.url}/instances/history-1?showHistory=maybe`)).status).toBe(400);
  });
});
