// The Durable Functions docs' JavaScript samples for programming model v4 (test/fixtures/df-v4-app: df.app.* and
// app.http, CommonJS files and an ES module imported by one entry file), hosted by `dtfx start --module <file>`
// and driven over HTTP as a user would. Needs `npm run build`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAzurite, type RunningAzurite } from "../../src/azurite/start-azurite.js";
import { eventually } from "../support/eventually.js";
import { call, pollForStatus, pollUntilDone, post } from "../http/http-test-support.js";
import { startFixtureApp, type RunningApp } from "./df-app-harness.js";

let azurite: RunningAzurite;
let app: RunningApp;

beforeAll(async () => {
  azurite = await startAzurite();
  app = await startFixtureApp({ fixture: "df-v4-app", module: (folder) => `${folder}/index.mjs`, connectionString: azurite.connectionString });
});

afterAll(async () => {
  expect(await app?.stop()).toBe(0);
  await azurite?.stop();
});

async function start(name: string, input?: unknown) {
  const reply = await post(`${app.origin}/api/orchestrators/${name}`, input);
  expect(reply.status).toBe(202);
  expect(reply.headers.get("location")).toBe(reply.body.statusQueryGetUri);
  expect(reply.headers.get("content-type")).toBe("application/json");
  return reply.body as Record<string, string>;
}

describe.concurrent("a v4 app file under dtfx start", () => {
  it("hosts the app.* registrations of the file and of what it imports, require() and import alike", () => {
    expect(app.output()).toMatch(/orchestrators=\["helloOrchestrator","fanOutFanInDemo","monitorDemo","approvalDemo","retryDemo","counterOrchestration"\]/);
    expect(app.output()).toMatch(/entities=\["counterEntity"\]/);
    expect(app.output()).toContain(`durableOrchestrationStart: [GET,POST] ${app.origin}/api/orchestrators/{orchestratorName}`);
    expect(app.output()).toContain(`counterRead: [GET] ${app.origin}/api/counter/{key}`);
  });

  it("function chaining through the HTTP starter and createCheckStatusResponse", async () => {
    const payload = await start("helloOrchestrator");
    expect(payload.statusQueryGetUri).toBe(`${app.origin}/runtime/webhooks/durabletask/instances/${payload.id}`);
    expect(payload.sendEventPostUri).toBe(`${payload.statusQueryGetUri}/raiseEvent/{eventName}`);
    const done = await pollUntilDone(payload.statusQueryGetUri!);
    expect(done.body).toMatchObject({ runtimeStatus: "Completed", output: ["Hello, Tokyo", "Hello, Seattle", "Hello, Cairo"] });
    expect(app.output()).toContain(`[durableOrchestrationStart] Started orchestration with ID = '${payload.id}'.`);
  });

  it("fan-out/fan-in with Task.all, each task's .result read after it completed", async () => {
    const payload = await start("fanOutFanInDemo", 4);
    expect((await pollUntilDone(payload.statusQueryGetUri!)).body.output).toBe("F3: the sum of squares is 30");
  });

  it("app.client.http with waitForCompletionOrCreateCheckStatusResponse: 200 with the output", async () => {
    const reply = await post(`${app.origin}/api/orchestrators/helloOrchestrator/wait`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(["Hello, Tokyo", "Hello, Seattle", "Hello, Cairo"]);
  });

  it("monitor: a timer loop polls an activity until the job completes", async () => {
    const jobId = new Date(Date.now() + 1_500).toISOString();
    const payload = await start("monitorDemo", { jobId, machineId: "m-1", pollingIntervalInSeconds: 0.5, expiresInSeconds: 60 });
    const done = await pollUntilDone(payload.statusQueryGetUri!);
    expect(done.body.runtimeStatus).toBe("Completed");
    expect(done.body.output).toBeGreaterThanOrEqual(2);
  });

  it("human interaction: the event (raised through a client function) wins Task.any; getStatus shows the history", async () => {
    const payload = await start("approvalDemo", {});
    await pollForStatus(payload.statusQueryGetUri!, ["Running"]);
    const raised = await post(`${app.origin}/api/instances/${payload.id}/events/ApprovalEvent`, { approver: "Grace" });
    expect(raised.status).toBe(202);
    expect((await pollUntilDone(payload.statusQueryGetUri!)).body.output).toBe("Approved by Grace");
    const status = await call(`${app.origin}/api/status/${payload.id}?history=true`);
    expect(status.body).toMatchObject({ name: "approvalDemo", instanceId: payload.id, runtimeStatus: "Completed", input: {}, output: "Approved by Grace" });
    expect(new Date(status.body.createdTime).getTime()).toBeGreaterThan(0);
    const events = (status.body.history as { eventType: string; name?: string }[]).map((e) => e.eventType);
    expect(events).toEqual(expect.arrayContaining(["ExecutionStarted", "TimerCreated", "EventRaised", "ExecutionCompleted"]));
  });

  it("human interaction: without an answer the timer wins and the request is escalated", async () => {
    const payload = await start("approvalDemo", { timeoutInSeconds: 1 });
    expect((await pollUntilDone(payload.statusQueryGetUri!)).body.output).toBe("Escalated");
  });

  it("retries: callActivityWithRetry and a registered activity's withRetry succeed on the second attempt; one attempt fails as TaskFailedError", async () => {
    const payload = await start("retryDemo", "k");
    const done = await pollUntilDone(payload.statusQueryGetUri!);
    expect(done.body.output).toEqual({
      first: "k-a succeeded after 1 failures",
      second: "k-b succeeded after 1 failures",
      failed: true,
      message: "Error: Attempt 1 of k-c failed",
      taskName: "flaky",
    });
  });

  it("the counter entity (an ES module): signalled by a client function, read by readEntityState and by an orchestration's callEntity", async () => {
    expect((await post(`${app.origin}/api/counter/c2/add`, 5)).status).toBe(202);
    const read = await eventually(() => call(`${app.origin}/api/counter/c2`), (r) => r.body?.entityState === 5);
    expect(read.body).toEqual({ entityExists: true, entityState: 5 });
    const payload = await start("counterOrchestration", "c2");
    expect((await pollUntilDone(payload.statusQueryGetUri!)).body.output).toBe(5);
    const after = await eventually(() => call(`${app.origin}/api/counter/c2`), (r) => r.body?.entityState === 6);
    expect(after.body.entityState).toBe(6);
  });

  it("an unknown instance's status is a failed function (500), as the package's getStatus throws", async () => {
    expect((await call(`${app.origin}/api/status/nobody`)).status).toBe(500);
    expect(app.output()).toContain("no instance was found with the instanceId provided: nobody");
  });
});
