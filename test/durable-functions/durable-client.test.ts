// The durable client's methods, argument orders and answers, over a stand-in for dtfx's TaskHubClient (an
// in-memory table of instances: what is checked here is the translation, not storage).
import { describe, expect, it } from "vitest";
import type { OrchestrationState } from "../../src/backend/orchestration-service.js";
import { createDurableClientBinding, getClient, type DurableClientBackend } from "../../src/durable-functions/client-binding.js";
import * as df from "../../src/durable-functions/index.js";
import { HttpResponse } from "../../src/functions/http-response.js";
import { app } from "../../src/functions/index.js";
import { clearRegisteredFunctions, registeredFunctions, type HttpRegistration } from "../../src/functions/function-registry.js";
import { InvocationContext } from "../../src/functions/invocation-context.js";

const T = new Date("2026-01-02T03:04:05.000Z");

function state(instanceId: string, runtimeStatus: OrchestrationState["runtimeStatus"], extra: Partial<OrchestrationState> = {}): OrchestrationState {
  return { instanceId, executionId: "e", name: "Hello", runtimeStatus, createdAt: T, lastUpdatedAt: T, ...extra };
}

class StandInClient implements DurableClientBackend {
  readonly calls: unknown[][] = [];
  readonly instances = new Map<string, OrchestrationState>();
  readonly entities = new Map<string, unknown>();
  async scheduleNewOrchestration(name: string, input?: unknown, options: { instanceId?: string; version?: string } = {}) {
    this.calls.push(["schedule", name, input, options]);
    const id = options.instanceId ?? "generated-id";
    this.instances.set(id, state(id, "Pending", { name, input }));
    return id;
  }
  async getOrchestrationState(id: string) {
    return this.instances.get(id);
  }
  async getOrchestrationHistory() {
    return [{ eventType: "ExecutionStarted", eventId: -1, timestamp: T, input: 1 }] as never;
  }
  async *listOrchestrations(filter?: unknown) {
    this.calls.push(["list", filter]);
    yield* this.instances.values();
  }
  async waitForOrchestrationCompletion(id: string) {
    const found = this.instances.get(id)!;
    if (found.runtimeStatus === "Running") throw Object.assign(new Error("timed out"), { name: "TimeoutError" });
    return found;
  }
  async raiseEvent(...args: unknown[]) {
    this.calls.push(["raise", ...args]);
  }
  async terminateOrchestration(...args: unknown[]) {
    this.calls.push(["terminate", ...args]);
  }
  async suspendOrchestration(...args: unknown[]) {
    this.calls.push(["suspend", ...args]);
  }
  async resumeOrchestration(...args: unknown[]) {
    this.calls.push(["resume", ...args]);
  }
  async purgeOrchestration(id: string) {
    return { deletedInstanceCount: this.instances.delete(id) ? 1 : 0 };
  }
  async purgeOrchestrations(filter: unknown) {
    this.calls.push(["purgeBy", filter]);
    return { deletedInstanceCount: 2 };
  }
  async signalEntity(...args: unknown[]) {
    this.calls.push(["signal", ...args]);
  }
  async getEntity(id: string) {
    return this.entities.has(id) ? { state: this.entities.get(id) } : undefined;
  }
}

function v4Client(backend: DurableClientBackend = new StandInClient(), key?: string) {
  const binding = createDurableClientBinding({ client: backend, taskHubName: "Hub", baseUrl: "http://127.0.0.1:7071", key, isKnownOrchestrator: (n) => n.toLowerCase() === "hello" });
  const input = df.input.durableClient();
  const context = new InvocationContext({ functionName: "Starter", options: { extraInputs: [input] } });
  context.extraInputs.set(input, binding);
  return getClient(context);
}

function v3Client(backend: DurableClientBackend = new StandInClient()) {
  const binding = createDurableClientBinding({ client: backend, taskHubName: "Hub", baseUrl: "http://127.0.0.1:7071" });
  return getClient({ bindings: { req: {}, starter: binding } });
}

describe("getClient(context)", () => {
  it("finds the durable client input (v4 extraInputs, v3 bindings) or says what is missing, as the package does", () => {
    expect(v4Client()).toBeInstanceOf(df.DurableClient);
    expect(v3Client().taskHubName).toBe("Hub");
    expect(() => getClient(new InvocationContext())).toThrow("Could not find a registered durable client input binding. Check your extraInputs definition when registering your function.");
    expect(() => getClient({ bindings: {} })).toThrow(/must have an orchestrationClient input binding/);
    const input = df.input.durableClient();
    const unbound = new InvocationContext({ options: { extraInputs: [input] } });
    expect(() => getClient(unbound)).toThrow(/dtfx start --module/);
  });
});

describe("an HTTP starter typed as in TypeScript apps", () => {
  it("app.http with extraInputs [df.input.durableClient()] gets the client the host binds, and returns its check-status response", async () => {
    clearRegisteredFunctions();
    app.http("Starter", {
      route: "orchestrators/{name}",
      extraInputs: [df.input.durableClient()],
      handler: async (request, context) => {
        const client = df.getClient(context);
        const instanceId = await client.startNew(request.params.name!, { input: await request.json() });
        return client.createCheckStatusResponse(request, instanceId);
      },
    });
    const starter = registeredFunctions()[0] as HttpRegistration;
    clearRegisteredFunctions();
    const backend = new StandInClient();
    const binding = createDurableClientBinding({ client: backend, taskHubName: "Hub", baseUrl: "http://127.0.0.1:7071" });
    const request = new Request("http://localhost:8080/api/orchestrators/Hello", { method: "POST", body: "[1]" });
    const reply = await starter.invoke({ request, params: { name: "Hello" }, bindingFor: (type) => (type === "durableClient" ? binding : undefined) });
    expect(reply.status).toBe(202);
    expect(reply.headers.get("location")).toBe("http://127.0.0.1:7071/runtime/webhooks/durabletask/instances/generated-id");
    expect(backend.calls).toEqual([["schedule", "Hello", [1], {}]]);
  });
});

describe("DurableClient", () => {
  it("startNew(name, { instanceId, input, version }) and v2.x's startNew(name, instanceId, input); unknown names are refused", async () => {
    const backend = new StandInClient();
    const client = v4Client(backend);
    expect(await client.startNew("Hello", { instanceId: "i1", input: [1], version: "2" })).toBe("i1");
    expect(await client.startNew("hello", "i2", { a: 1 })).toBe("i2");
    expect(await client.startNew("Hello")).toBe("generated-id");
    expect(backend.calls).toEqual([
      ["schedule", "Hello", [1], { instanceId: "i1", version: "2" }],
      ["schedule", "hello", { a: 1 }, { instanceId: "i2" }],
      ["schedule", "Hello", undefined, {}],
    ]);
    await expect(client.startNew("Nope")).rejects.toThrow("The function 'Nope' doesn't exist, is disabled, or is not an orchestrator function.");
    await expect(client.startNew("")).rejects.toThrow("orchestratorFunctionName must be a valid string.");
  });

  it("getStatus gives a DurableOrchestrationStatus with Dates and nulls as the package; an unknown id throws (v4) or is undefined (v3)", async () => {
    const backend = new StandInClient();
    backend.instances.set("i1", state("i1", "Completed", { input: { n: 1 }, output: "done" }));
    const status = await v4Client(backend).getStatus("i1");
    expect(status).toBeInstanceOf(df.DurableOrchestrationStatus);
    expect(status).toMatchObject({ name: "Hello", instanceId: "i1", runtimeStatus: df.OrchestrationRuntimeStatus.Completed, input: { n: 1 }, output: "done", customStatus: null });
    expect(status.createdTime).toEqual(T);
    expect(status.history).toBeUndefined();
    expect((await v4Client(backend).getStatus("i1", { showHistory: true, showInput: false })).input).toBeNull();
    expect((await v3Client(backend).getStatus("i1", true)).history).toHaveLength(1);
    await expect(v4Client(backend).getStatus("nobody")).rejects.toThrow(/no instance was found with the instanceId provided: nobody/);
    expect(await v3Client(backend).getStatus("nobody")).toBeUndefined();
  });

  it("getStatusAll and getStatusBy (object or v2.x's positional filter) list DurableOrchestrationStatus objects", async () => {
    const backend = new StandInClient();
    backend.instances.set("i1", state("i1", "Running"));
    const client = v4Client(backend);
    expect((await client.getStatusAll()).map((s) => s.instanceId)).toEqual(["i1"]);
    await client.getStatusBy({ createdTimeFrom: T, runtimeStatus: [df.OrchestrationRuntimeStatus.Running] });
    await v3Client(backend).getStatusBy(T, undefined, [df.OrchestrationRuntimeStatus.Failed]);
    expect(await client.getStatusBy({ runtimeStatus: [df.OrchestrationRuntimeStatus.Canceled] })).toEqual([]);
    expect(backend.calls).toEqual([
      ["list", {}],
      ["list", { createdFrom: T, runtimeStatus: ["Running"] }],
      ["list", { createdFrom: T, runtimeStatus: ["Failed"] }],
    ]);
  });

  it("raiseEvent, terminate, suspend, resume: an unknown instance is an error, a finished one is left alone (the host's 410)", async () => {
    const backend = new StandInClient();
    backend.instances.set("run", state("run", "Running"));
    backend.instances.set("done", state("done", "Completed"));
    const client = v4Client(backend);
    await client.raiseEvent("run", "Approval", { ok: true });
    await client.terminate("run", "why");
    await client.suspend("run", "pause");
    await client.resume("run", "go");
    await client.raiseEvent("done", "Approval", 1);
    expect(backend.calls).toEqual([["raise", "run", "Approval", { ok: true }], ["terminate", "run", "why"], ["suspend", "run", "pause"], ["resume", "run", "go"]]);
    await expect(client.raiseEvent("nobody", "E", 1)).rejects.toThrow("No instance with ID 'nobody' found.");
    await expect(client.raiseEvent("run", "", 1)).rejects.toThrow("eventName must be a valid string.");
  });

  it("rewind uses the TaskHubClient's rewindOrchestration when this dtfx build has it, and says so when it does not", async () => {
    const backend = new StandInClient();
    backend.instances.set("failed", state("failed", "Failed"));
    backend.instances.set("ok", state("ok", "Completed"));
    await expect(v4Client(backend).rewind("failed", "retry")).rejects.toThrow(df.NotSupportedByDtfxError);
    const rewound: unknown[] = [];
    const withRewind = Object.assign(backend, { rewindOrchestration: async (...args: unknown[]) => void rewound.push(args) });
    await v4Client(withRewind).rewind("failed", "retry");
    expect(rewound).toEqual([["failed", "retry"]]);
    await expect(v4Client(withRewind).rewind("ok", "retry")).rejects.toThrow("The rewind operation is only supported on failed orchestration instances.");
  });

  it("purgeInstanceHistory(By) answer PurgeHistoryResult; the v2.x signature needs a createdTimeFrom Date", async () => {
    const backend = new StandInClient();
    backend.instances.set("i1", state("i1", "Completed"));
    const client = v4Client(backend);
    expect(await client.purgeInstanceHistory("i1")).toEqual(new df.PurgeHistoryResult(1));
    expect(await client.purgeInstanceHistory("i1")).toEqual({ instancesDeleted: 0 });
    expect(await client.purgeInstanceHistoryBy({ createdTimeFrom: T, runtimeStatus: [df.OrchestrationRuntimeStatus.Completed] })).toEqual({ instancesDeleted: 2 });
    expect(backend.calls.at(-1)).toEqual(["purgeBy", { createdFrom: T, runtimeStatus: ["Completed"] }]);
    await expect(v3Client(backend).purgeInstanceHistoryBy(undefined as never)).rejects.toThrow("createdTimeFrom must be a valid Date");
  });

  it("signalEntity and readEntityState address @name@key", async () => {
    const backend = new StandInClient();
    backend.entities.set("@counter@k", 3);
    const client = v4Client(backend);
    await client.signalEntity(new df.EntityId("Counter", "k"), "add", 1);
    expect(backend.calls).toEqual([["signal", "@counter@k", "add", 1]]);
    expect(await client.readEntityState(new df.EntityId("Counter", "k"))).toEqual(new df.EntityStateResponse(true, 3));
    expect(await client.readEntityState(new df.EntityId("Counter", "none"))).toEqual({ entityExists: false, entityState: undefined });
  });

  it("createCheckStatusResponse: v4 an HttpResponse (202, Location, Retry-After 10, JSON payload at the server's base URL whatever the request says, key as code=)", async () => {
    const response = v4Client(new StandInClient(), "s3cret").createCheckStatusResponse({ url: "http://evil.example:9999/api/start" }, "i 1") as HttpResponse;
    expect(response).toBeInstanceOf(HttpResponse);
    expect(response.status).toBe(202);
    const payload = (await response.json()) as Record<string, string>;
    expect(payload.statusQueryGetUri).toBe("http://127.0.0.1:7071/runtime/webhooks/durabletask/instances/i%201?code=s3cret");
    expect(payload.terminatePostUri).toBe("http://127.0.0.1:7071/runtime/webhooks/durabletask/instances/i%201/terminate?reason={text}&code=s3cret");
    expect(response.headers.get("location")).toBe(payload.statusQueryGetUri);
    expect(response.headers.get("retry-after")).toBe("10");
    expect(Object.keys(payload)).toEqual(["id", "statusQueryGetUri", "sendEventPostUri", "terminatePostUri", "rewindPostUri", "purgeHistoryDeleteUri", "suspendPostUri", "resumePostUri"]);
  });

  it("createCheckStatusResponse: v3 the plain { status, body, headers }; createHttpManagementPayload uses the host's own base URL", () => {
    const client = v3Client();
    const response = client.createCheckStatusResponse({ url: "http://127.0.0.1:5000/api/x" }, "i1") as unknown as { status: number; body: any; headers: any };
    expect(response.status).toBe(202);
    expect(response.headers).toEqual({ "Content-Type": "application/json", Location: response.body.statusQueryGetUri, "Retry-After": 10 });
    expect(client.createHttpManagementPayload("i1").statusQueryGetUri).toBe("http://127.0.0.1:7071/runtime/webhooks/durabletask/instances/i1");
  });

  it("waitForCompletionOrCreateCheckStatusResponse: the output once Completed, the status (500) once Failed, else 202", async () => {
    const backend = new StandInClient();
    backend.instances.set("ok", state("ok", "Completed", { output: [1, 2] }));
    backend.instances.set("bad", state("bad", "Failed", { failureDetails: { errorType: "Error", message: "boom" } }));
    backend.instances.set("slow", state("slow", "Running"));
    const client = v4Client(backend);
    const request = { url: "http://127.0.0.1:7071/api/x" };
    const ok = (await client.waitForCompletionOrCreateCheckStatusResponse(request, "ok")) as HttpResponse;
    expect([ok.status, await ok.json()]).toEqual([200, [1, 2]]);
    const bad = (await client.waitForCompletionOrCreateCheckStatusResponse(request, "bad", { timeoutInMilliseconds: 2000 })) as HttpResponse;
    expect(bad.status).toBe(500);
    expect(await bad.json()).toMatchObject({ runtimeStatus: "Failed", output: "Orchestrator function 'Hello' failed: boom" });
    expect(((await client.waitForCompletionOrCreateCheckStatusResponse(request, "slow")) as HttpResponse).status).toBe(202);
    const v3 = await v3Client(backend).waitForCompletionOrCreateCheckStatusResponse(request, "ok", 5000, 100);
    expect(v3).toEqual({ status: 200, body: [1, 2], headers: { "Content-Type": "application/json" } });
    await expect(client.waitForCompletionOrCreateCheckStatusResponse(request, "ok", { timeoutInMilliseconds: 100, retryIntervalInMilliseconds: 200 })).rejects.toThrow(/should be bigger than retry timeout/);
  });
});
