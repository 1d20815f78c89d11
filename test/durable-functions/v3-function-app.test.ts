// The Durable Functions docs' JavaScript samples for programming model v3 (test/fixtures/df-v3-app: function.json
// folders, CommonJS, require("dtfx/durable-functions")), hosted by `dtfx start --module <folder>` and driven
// over HTTP as a user would: the HTTP starter, then the management URLs it answers with. Needs `npm run build`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAzurite, type RunningAzurite } from "../../src/azurite/start-azurite.js";
import { eventually } from "../support/eventually.js";
import { call, pollForStatus, pollUntilDone, post } from "../http/http-test-support.js";
import { startFixtureApp, type RunningApp } from "./df-app-harness.js";

let azurite: RunningAzurite;
let app: RunningApp;
const json = { "content-type": "application/json" };

beforeAll(async () => {
  azurite = await startAzurite();
  app = await startFixtureApp({ fixture: "df-v3-app", module: (folder) => folder, connectionString: azurite.connectionString });
});

afterAll(async () => {
  expect(await app?.stop()).toBe(0);
  await azurite?.stop();
});

/** POSTs to the HttpStart function (route orchestrators/{functionName}) and checks its check-status response. */
async function start(name: string, input?: unknown) {
  const reply = await post(`${app.origin}/api/orchestrators/${name}`, input, input === undefined ? {} : json);
  expect(reply.status).toBe(202);
  expect(reply.headers.get("location")).toBe(reply.body.statusQueryGetUri);
  expect(reply.headers.get("retry-after")).toBe("10");
  return reply.body as Record<string, string>;
}

describe.concurrent("a v3 function app folder under dtfx start", () => {
  it("lists its HTTP functions and hosts every function folder under its folder's name", () => {
    expect(app.output()).toContain(`HttpStart: [POST,GET] ${app.origin}/api/orchestrators/{functionName}`);
    expect(app.output()).toMatch(/orchestrators=\["Approval","E1_HelloSequence","FanOutFanIn","Monitor"\]/);
    expect(app.output()).toMatch(/entities=\["Counter"\]/);
  });

  it("function chaining through the async HTTP API: 202 with the management URLs, then the output at statusQueryGetUri", async () => {
    const payload = await start("E1_HelloSequence");
    const base = `${app.origin}/runtime/webhooks/durabletask/instances/${payload.id}`;
    expect(payload).toEqual({
      id: payload.id,
      statusQueryGetUri: base,
      sendEventPostUri: `${base}/raiseEvent/{eventName}`,
      terminatePostUri: `${base}/terminate?reason={text}`,
      rewindPostUri: `${base}/rewind?reason={text}`,
      purgeHistoryDeleteUri: base,
      suspendPostUri: `${base}/suspend?reason={text}`,
      resumePostUri: `${base}/resume?reason={text}`,
    });
    const done = await pollUntilDone(payload.statusQueryGetUri!);
    expect(done.body).toMatchObject({ name: "E1_HelloSequence", runtimeStatus: "Completed", output: ["Hello Tokyo!", "Hello Seattle!", "Hello London!"] });
    expect(app.output()).toContain(`[HttpStart] Started orchestration with ID = '${payload.id}'.`);
    expect(app.output()).toContain("[E1_HelloSequence] Starting chain sample");
  });

  it("fan-out/fan-in with Task.all (and an activity that answers through context.done)", async () => {
    const payload = await start("FanOutFanIn", 4);
    expect((await pollUntilDone(payload.statusQueryGetUri!)).body.output).toBe("The sum of squares is 30");
  });

  it("waitForCompletionOrCreateCheckStatusResponse answers 200 with the output once done", async () => {
    const reply = await fetch(`${app.origin}/api/orchestrators/FanOutFanIn/wait?timeout=20`, { method: "POST", headers: json, body: "3" });
    expect(reply.status).toBe(200);
    expect(await reply.text()).toBe("The sum of squares is 14");
  });

  it("monitor: a timer loop polls an activity until the job completes, then alerts", async () => {
    const jobId = new Date(Date.now() + 1_500).toISOString();
    const payload = await start("Monitor", { jobId, machineId: "m-1", pollingIntervalInSeconds: 0.5, expiresInSeconds: 60 });
    const done = await pollUntilDone(payload.statusQueryGetUri!);
    expect(done.body.runtimeStatus).toBe("Completed");
    expect(done.body.output).toBeGreaterThanOrEqual(2);
    expect(done.body.customStatus).toEqual({ checks: done.body.output, jobStatus: "Completed" });
  });

  it("human interaction: Task.any of the ApprovalEvent and a timer; the event wins and the timer is cancelled", async () => {
    const payload = await start("Approval", {});
    await pollForStatus(payload.statusQueryGetUri!, ["Running"]);
    const raised = await post(payload.sendEventPostUri!.replace("{eventName}", "ApprovalEvent"), { approver: "Ada" }, json);
    expect(raised.status).toBe(202);
    expect((await pollUntilDone(payload.statusQueryGetUri!)).body.output).toBe("Approved by Ada");
  });

  it("human interaction: without an answer the timer wins and the request is escalated", async () => {
    const payload = await start("Approval", { timeoutInSeconds: 1 });
    expect((await pollUntilDone(payload.statusQueryGetUri!)).body.output).toBe("Escalated");
  });

  it("the counter entity: signals from a client function, its state read back by readEntityState and the management API", async () => {
    expect((await post(`${app.origin}/api/counter/c1`, 5, json)).status).toBe(202);
    expect((await post(`${app.origin}/api/counter/c1`, 2, json)).status).toBe(202);
    const read = await eventually(() => call(`${app.origin}/api/counter/c1`), (r) => r.body?.entityState === 7);
    expect(read.body).toEqual({ entityExists: true, entityState: 7 });
    expect((await call(`${app.origin}/api/counter/nobody`)).body).toEqual({ entityExists: false });
    expect((await call(`${app.origin}/runtime/webhooks/durabletask/entities/Counter/c1`)).body).toMatchObject({ name: "counter", key: "c1", state: 7 });
  });

  it("a starter naming no orchestrator fails with 500 and says why in the log; an unknown route is 404", async () => {
    expect((await post(`${app.origin}/api/orchestrators/NoSuchOrchestrator`)).status).toBe(500);
    expect(app.output()).toContain("The function 'NoSuchOrchestrator' doesn't exist, is disabled, or is not an orchestrator function.");
    expect((await call(`${app.origin}/api/nothing/here`)).status).toBe(404);
    expect((await call(`${app.origin}/api/orchestrators/E1_HelloSequence/wait`)).status).toBe(405);
  });
});
