// Every instance route and error code of the management API: events, terminate/suspend/resume/restart/rewind,
// paging, purge, malformed and oversized bodies, unknown routes and methods.
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/core/index.js";
import { startHttpApi, type RunningHttpApi } from "../../src/http/http-api.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";
import { call, pollForStatus, pollUntilDone, post, postText } from "./http-test-support.js";

let hub: TestHub;
let api: RunningHttpApi;
let fixed = false;
const MAX_BODY_BYTES = 16 * 1024;

beforeAll(async () => {
  hub = await startTestHub((worker) => {
    worker
      .addOrchestrator("Echo", function* (_ctx: OrchestrationContext, input: unknown) {
        return input;
      })
      .addOrchestrator("WaitForGo", function* (ctx: OrchestrationContext) {
        return yield ctx.waitForExternalEvent("Go");
      })
      .addOrchestrator("FailsUntilFixed", function* () {
        if (!fixed) throw new Error("broken");
        return "fixed";
      });
  });
  api = await startHttpApi({ client: hub.client, port: 0, maxBodyBytes: MAX_BODY_BYTES, orchestratorNames: () => ["Echo", "WaitForGo", "FailsUntilFixed"] });
});

afterAll(async () => {
  await api?.close();
  await hub?.stop();
});

const instanceUrl = (id: string) => `${api.url}/instances/${encodeURIComponent(id)}`;

async function startWaiter(id: string): Promise<string> {
  const started = await post(`${api.url}/orchestrators/WaitForGo/${id}`);
  expect(started.status).toBe(202);
  await pollForStatus(started.body.statusQueryGetUri, ["Running"]);
  return started.body.statusQueryGetUri;
}

describe("instance operations", () => {
  it("raises an event with a JSON body: 202, and the instance completes with it", async () => {
    const status = await startWaiter("event-1");
    expect((await post(`${instanceUrl("event-1")}/raiseEvent/Go`, { approved: true })).status).toBe(202);
    expect((await pollUntilDone(status)).body.output).toEqual({ approved: true });
    const late = await post(`${instanceUrl("event-1")}/raiseEvent/Go`, 1);
    expect(late.status).toBe(410);
    expect(late.body.error.code).toBe("Gone");
    expect((await post(`${instanceUrl("no-such")}/raiseEvent/Go`, 1)).status).toBe(404);
  });

  it("refuses a malformed event body with 400 and delivers nothing", async () => {
    const status = await startWaiter("event-2");
    const bad = await postText(`${instanceUrl("event-2")}/raiseEvent/Go`, "{not json");
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("MalformedJson");
    expect((await call(status)).body.runtimeStatus).toBe("Running");
    await post(`${instanceUrl("event-2")}/terminate`);
  });

  it("terminates with a reason; a finished instance is 410 for terminate, suspend and resume; unknown is 404", async () => {
    const status = await startWaiter("terminate-1");
    expect((await post(`${instanceUrl("terminate-1")}/terminate?reason=enough`)).status).toBe(202);
    const done = await pollUntilDone(status);
    expect(done.body).toMatchObject({ runtimeStatus: "Terminated", output: "enough" });
    for (const operation of ["terminate", "suspend", "resume"]) {
      expect((await post(`${instanceUrl("terminate-1")}/${operation}?reason=again`)).status).toBe(410);
      expect((await post(`${instanceUrl("no-such")}/${operation}`)).status).toBe(404);
    }
  });

  it("suspends and resumes: a suspended instance reports 202 Suspended, then finishes once resumed", async () => {
    const status = await startWaiter("suspend-1");
    expect((await post(`${instanceUrl("suspend-1")}/suspend?reason=pause`)).status).toBe(202);
    const suspended = await pollForStatus(status, ["Suspended"]);
    expect(suspended.status).toBe(202);
    expect((await post(`${instanceUrl("suspend-1")}/raiseEvent/Go`, "go")).status).toBe(202);
    expect((await post(`${instanceUrl("suspend-1")}/resume?reason=go`)).status).toBe(202);
    expect((await pollUntilDone(status)).body).toMatchObject({ runtimeStatus: "Completed", output: "go" });
  });

  it("restarts a finished instance (202 + management payload), 404 for an unknown one", async () => {
    const first = await post(`${api.url}/orchestrators/Echo/restart-1`, "again");
    await pollUntilDone(first.body.statusQueryGetUri);
    const restarted = await post(`${instanceUrl("restart-1")}/restart`);
    expect(restarted.status).toBe(202);
    expect(restarted.body.id).toBe("restart-1");
    expect(restarted.headers.get("location")).toBe(restarted.body.statusQueryGetUri);
    expect((await pollUntilDone(restarted.body.statusQueryGetUri)).body.output).toBe("again");
    expect((await post(`${instanceUrl("no-such")}/restart`)).status).toBe(404);
  });

  it("rewinds a Failed instance (202, then it runs again); 410 for one that has not failed, 404 for an unknown one", async () => {
    const started = await post(`${api.url}/orchestrators/FailsUntilFixed/rewind-1`);
    expect((await pollUntilDone(started.body.statusQueryGetUri)).body.runtimeStatus).toBe("Failed");
    fixed = true;
    const rewind = await post(started.body.rewindPostUri.replace("{text}", "fixed"));
    expect(rewind.status).toBe(202);
    expect((await pollUntilDone(started.body.statusQueryGetUri)).body).toMatchObject({ runtimeStatus: "Completed", output: "fixed" });
    const again = await post(`${instanceUrl("rewind-1")}/rewind`);
    expect(again.status).toBe(410);
    expect(again.body.error.message).toContain("Only a Failed instance");
    expect((await post(`${instanceUrl("no-such")}/rewind`)).status).toBe(404);
  });

  it("answers 409 when a running instance is started again or restarted", async () => {
    await startWaiter("twice-1");
    const again = await post(`${api.url}/orchestrators/WaitForGo/twice-1`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("InstanceExists");
    expect((await post(`${instanceUrl("twice-1")}/restart`)).status).toBe(409);
    await post(`${instanceUrl("twice-1")}/terminate`);
  });
});

describe("bad requests", () => {
  it("refuses an unknown orchestrator with 400 and creates nothing", async () => {
    const reply = await post(`${api.url}/orchestrators/NoSuchThing/unknown-1`, 1);
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe("UnknownOrchestrator");
    expect((await call(instanceUrl("unknown-1"))).status).toBe(404);
  });

  it("refuses a malformed start body with 400 and creates nothing", async () => {
    const reply = await postText(`${api.url}/orchestrators/Echo/malformed-1`, "[1, 2");
    expect(reply.status).toBe(400);
    expect((await call(instanceUrl("malformed-1"))).status).toBe(404);
  });

  it("refuses a body over maxBodyBytes with 413, declared or streamed, and creates nothing", async () => {
    const big = JSON.stringify("x".repeat(MAX_BODY_BYTES * 4));
    const declared = await postText(`${api.url}/orchestrators/Echo/big-1`, big);
    expect(declared.status).toBe(413);
    expect(declared.body.error.code).toBe("PayloadTooLarge");
    expect(await postChunked(`${api.url}/orchestrators/Echo/big-2`, big)).toBe(413);
    expect((await call(instanceUrl("big-1"))).status).toBe(404);
    expect((await call(instanceUrl("big-2"))).status).toBe(404);
  });

  it("answers 404 for unknown routes and 405 (with Allow) for a known route with the wrong method", async () => {
    expect((await call(`${api.url}/nothing-here`)).status).toBe(404);
    expect((await call(`${new URL(api.url).origin}/api/other`)).status).toBe(404);
    expect((await call(`${instanceUrl("x")}/explode`, { method: "POST" })).status).toBe(404);
    const badEncoding = await call(`${api.url}/instances/%E0%A4%A`);
    expect(badEncoding.status).toBe(400);
    expect(badEncoding.body.error.code).toBe("MalformedPath");
    const wrong = await call(`${api.url}/orchestrators/Echo`, { method: "GET" });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST");
    const put = await call(instanceUrl("x"), { method: "PUT" });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, DELETE");
  });
});

/** A body sent without Content-Length (chunked), so the limit is found while reading. */
function postChunked(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: "POST", headers: { "content-type": "application/json" } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on("error", reject);
    for (let offset = 0; offset < body.length; offset += 4096) request.write(body.slice(offset, offset + 4096));
    request.end();
  });
}

describe("listing and purging", () => {
  it("pages with top and the x-ms-continuation-token header, filtered by prefix and status", async () => {
    const ids = ["page-1", "page-2", "page-3", "page-4", "page-5"];
    for (const id of ids) await pollUntilDone((await post(`${api.url}/orchestrators/Echo/${id}`, id)).body.statusQueryGetUri);
    const seen: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const headers: Record<string, string> = token ? { "x-ms-continuation-token": token } : {};
      const page = await call(`${api.url}/instances?instanceIdPrefix=page-&top=2&runtimeStatus=Completed,Running`, { headers });
      expect(page.status).toBe(200);
      expect(page.body.length).toBeLessThanOrEqual(2);
      for (const item of page.body) expect("input" in item).toBe(false);
      seen.push(...page.body.map((item: { instanceId: string; output: string }) => item.output));
      token = page.headers.get("x-ms-continuation-token");
      pages++;
    } while (token);
    expect(seen.sort()).toEqual(ids);
    expect(pages).toBeGreaterThanOrEqual(3);
    const withInput = await call(`${api.url}/instances?instanceIdPrefix=page-1&showInput=true`);
    expect(withInput.body).toEqual([expect.objectContaining({ instanceId: "page-1", input: "page-1", runtimeStatus: "Completed" })]);
    expect((await call(`${api.url}/instances?instanceIdPrefix=page-&runtimeStatus=Failed`)).body).toEqual([]);
    expect((await call(`${api.url}/instances?runtimeStatus=Sleeping`)).status).toBe(400);
    expect((await call(`${api.url}/instances?top=0`)).status).toBe(400);
    expect((await call(`${api.url}/instances?createdTimeFrom=yesterday`)).status).toBe(400);
    const badToken = await call(`${api.url}/instances`, { headers: { "x-ms-continuation-token": "garbage" } });
    expect(badToken.status).toBe(400);
    expect(badToken.body.error.code).toBe("InvalidContinuationToken");
  });

  it("purges one instance: 200 with instancesDeleted, then 404", async () => {
    await pollUntilDone((await post(`${api.url}/orchestrators/Echo/purge-1`, 1)).body.statusQueryGetUri);
    const purged = await call(instanceUrl("purge-1"), { method: "DELETE" });
    expect(purged.status).toBe(200);
    expect(purged.body).toEqual({ instancesDeleted: 1 });
    expect((await call(instanceUrl("purge-1"))).status).toBe(404);
    expect((await call(instanceUrl("purge-1"), { method: "DELETE" })).status).toBe(404);
  });

  it("purges in bulk by creation time and status; createdTimeFrom is required", async () => {
    const from = new Date().toISOString();
    const ids = ["bulk-1", "bulk-2", "bulk-3"];
    for (const id of ids) await pollUntilDone((await post(`${api.url}/orchestrators/Echo/${id}`, id)).body.statusQueryGetUri);
    await startWaiter("bulk-running");
    const to = new Date(Date.now() + 1000).toISOString();
    expect((await call(`${api.url}/instances?runtimeStatus=Completed`, { method: "DELETE" })).status).toBe(400);
    const query = `createdTimeFrom=${from}&createdTimeTo=${to}&runtimeStatus=Completed`;
    const purged = await call(`${api.url}/instances?${query}`, { method: "DELETE" });
    expect(purged.status).toBe(200);
    expect(purged.body).toEqual({ instancesDeleted: 3 });
    for (const id of ids) expect((await call(instanceUrl(id))).status).toBe(404);
    expect((await call(instanceUrl("bulk-running"))).status).toBe(202);
    expect((await call(`${api.url}/instances?${query}`, { method: "DELETE" })).status).toBe(404);
    await post(`${instanceUrl("bulk-running")}/terminate`);
  });
});
