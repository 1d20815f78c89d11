// One suite, every backend: the cases below are the backend contract as users see it through TaskHubClient and
// TaskHubWorker. Each backend's test file opens one hub for all cases (ids are unique per case).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EntityId, InstanceExistsError, InvalidInstanceIdError, TimeoutError, type TaskMessage } from "../../src/core/index.js";
import type { OrchestrationService } from "../../src/backend/orchestration-service.js";
import { TaskHubClient } from "../../src/client/task-hub-client.js";
import { TaskHubWorker } from "../../src/worker/task-hub-worker.js";
import { registerConformanceFunctions } from "./conformance-orchestrations.js";
import { describeSemanticsConformance, registerSemanticsFunctions } from "./conformance-semantics.js";

export interface ConformanceBackend {
  service: OrchestrationService;
  /** Ends what the backend started besides the service (e.g. its Azurite). */
  dispose(): Promise<void>;
}

const WAIT = { timeoutInMs: 20_000 };
let counter = 0;
const uniqueId = (label: string) => `${label}-${Date.now().toString(36)}-${counter++}`;

export function describeBackendConformance(name: string, open: () => Promise<ConformanceBackend>): void {
  describe(`backend conformance: ${name}`, () => {
    let backend: ConformanceBackend;
    let worker: TaskHubWorker;
    let client: TaskHubClient;

    beforeAll(async () => {
      backend = await open();
      worker = new TaskHubWorker(backend.service);
      registerConformanceFunctions(worker);
      registerSemanticsFunctions(worker);
      await worker.start();
      client = new TaskHubClient(backend.service);
    });

    afterAll(async () => {
      await worker?.stop({ timeoutInMs: 5_000 });
      await backend?.service.close();
      await backend?.dispose();
    });

    const run = async (orchestrator: string, input?: unknown, instanceId = uniqueId(orchestrator)) => {
      await client.scheduleNewOrchestration(orchestrator, input, { instanceId });
      return client.waitForOrchestrationCompletion(instanceId, WAIT);
    };

    describeSemanticsConformance(() => client, uniqueId);

    describe("patterns", () => {
      it("chains activities", async () => {
        const state = await run("Greet", ["Tokyo", "Seattle"]);
        expect(state.runtimeStatus).toBe("Completed");
        expect(state.output).toEqual(["Hello Tokyo!", "Hello Seattle!"]);
        expect(state.input).toEqual(["Tokyo", "Seattle"]);
      });

      it("fans out and in", async () => {
        expect((await run("FanOutFanIn", 12)).output).toBe(Array.from({ length: 12 }, (_, i) => (i + 1) ** 2).reduce((a, b) => a + b, 0));
      });

      it("runs a sub-orchestration under the id its parent chose", async () => {
        const id = uniqueId("parent");
        expect((await run("Parent", ["A", "B", "C"], id)).output).toBe(3);
        const child = await client.getOrchestrationState(`${id}-child`);
        expect(child?.runtimeStatus).toBe("Completed");
        expect(child?.output).toEqual(["Hello A!", "Hello B!", "Hello C!"]);
      });

      it("fires a durable timer no earlier than due", async () => {
        expect((await run("ShortTimer")).output).toBe(true);
      });

      it("races an external event against a timer, and the event wins", async () => {
        const id = uniqueId("race");
        await client.scheduleNewOrchestration("Race", undefined, { instanceId: id });
        await client.waitForOrchestrationStart(id, WAIT);
        await client.raiseEvent(id, "Go", "now");
        expect((await client.waitForOrchestrationCompletion(id, WAIT)).output).toBe("event:now");
      });

      it("fails with the orchestrator's error after catching the activity's TaskFailedError", async () => {
        const state = await run("Fails");
        expect(state.runtimeStatus).toBe("Failed");
        expect(state.failureDetails?.errorType).toBe("RangeError");
        expect(state.failureDetails?.message).toContain("caught:");
        expect(state.failureDetails?.message).toContain("inner");
      });

      it("monitors on a durable timer, continuing as new each round", async () => {
        const state = await run("Monitor", { checks: 3, intervalInMs: 50 });
        expect(state.output).toEqual({ rounds: 3, status: "done" });
        expect(state.customStatus).toEqual({ round: 3, status: "done" });
      });

      it("waits for an approval, and escalates when none comes in time", async () => {
        const id = uniqueId("approval");
        await client.scheduleNewOrchestration("Approval", 60_000, { instanceId: id });
        await client.waitForOrchestrationStart(id, WAIT);
        await client.raiseEvent(id, "Approval", { by: "ana" });
        expect((await client.waitForOrchestrationCompletion(id, WAIT)).output).toBe('Approved: {"by":"ana"}');
        expect((await run("Approval", 100)).output).toMatch(/^Escalated: no approval for /);
      });

      it("retries a failing activity by its policy", async () => {
        expect((await run("Retries", uniqueId("flaky"))).output).toBe(3);
      });

      it("records history in the original's event names, one execution at a time", async () => {
        const id = uniqueId("history");
        await run("Greet", ["Oslo"], id);
        const types = (await client.getOrchestrationHistory(id)).map((e) => e.eventType);
        expect(types[0]).toBe("OrchestratorStarted");
        expect(types).toContain("ExecutionStarted");
        expect(types.filter((t) => t === "TaskScheduled")).toHaveLength(1);
        expect(types.filter((t) => t === "TaskCompleted")).toHaveLength(1);
        expect(types.at(-2)).toBe("ExecutionCompleted");
        expect(types.at(-1)).toBe("OrchestratorCompleted");
      });
    });

    describe("events", () => {
      it("delivers events in the order they were raised, including those raised before anyone waits", async () => {
        const id = uniqueId("collect");
        await client.scheduleNewOrchestration("Collect", 6, { instanceId: id });
        for (let i = 0; i < 3; i++) await client.raiseEvent(id, "Item", i);
        await client.waitForOrchestrationStart(id, WAIT);
        for (let i = 3; i < 6; i++) await client.raiseEvent(id, "Item", i);
        const state = await client.waitForOrchestrationCompletion(id, WAIT);
        expect(state.output).toEqual([0, 1, 2, 3, 4, 5]);
        expect(state.customStatus).toEqual({ seen: 6 });
      });

      it("drops a duplicate answer: each task's result appears once in history", async () => {
        const id = uniqueId("dupe");
        await client.scheduleNewOrchestration("AfterActivity", undefined, { instanceId: id });
        const scheduled = await waitForHistory(client, id, (types) => types.includes("TaskCompleted"));
        const completed = scheduled.find((e) => e.eventType === "TaskCompleted")!;
        const duplicate: TaskMessage = {
          orchestrationInstance: { instanceId: id },
          event: { eventType: "TaskCompleted", eventId: -1, timestamp: new Date(), taskScheduledId: completed.taskScheduledId as number, result: JSON.stringify("twice") },
        };
        await backendOf(client).sendTaskMessage(duplicate);
        await client.raiseEvent(id, "Go", "go");
        expect((await client.waitForOrchestrationCompletion(id, WAIT)).output).toBe("once+go");
        const history = await client.getOrchestrationHistory(id);
        expect(history.filter((e) => e.eventType === "TaskCompleted")).toHaveLength(1);
      });

      it("refuses a second start of a running instance, and a wait times out with TimeoutError", async () => {
        const id = uniqueId("dedupe");
        await client.scheduleNewOrchestration("Collect", 1, { instanceId: id });
        await expect(client.scheduleNewOrchestration("Collect", 1, { instanceId: id })).rejects.toBeInstanceOf(InstanceExistsError);
        await expect(client.waitForOrchestrationCompletion(id, { timeoutInMs: 200 })).rejects.toBeInstanceOf(TimeoutError);
        await client.terminateOrchestration(id, "cleanup");
        await client.waitForOrchestrationCompletion(id, WAIT);
      });
    });

    describe("steering", () => {
      it("suspends (events wait), resumes (they are applied) and completes", async () => {
        const id = uniqueId("suspend");
        await client.scheduleNewOrchestration("Collect", 1, { instanceId: id });
        await client.waitForOrchestrationStart(id, WAIT);
        await client.suspendOrchestration(id, "hold");
        await waitForStatus(client, id, "Suspended");
        await client.raiseEvent(id, "Item", "while suspended");
        await new Promise((r) => setTimeout(r, 300));
        expect((await client.getOrchestrationState(id))?.runtimeStatus).toBe("Suspended");
        await client.resumeOrchestration(id, "go on");
        const state = await client.waitForOrchestrationCompletion(id, WAIT);
        expect(state.runtimeStatus).toBe("Completed");
        expect(state.output).toEqual(["while suspended"]);
      });

      it("terminates a waiting instance with the reason as output", async () => {
        const id = uniqueId("terminate");
        await client.scheduleNewOrchestration("Collect", 1, { instanceId: id });
        await client.waitForOrchestrationStart(id, WAIT);
        await client.terminateOrchestration(id, "enough");
        const state = await client.waitForOrchestrationCompletion(id, WAIT);
        expect(state.runtimeStatus).toBe("Terminated");
        expect(state.output).toBe("enough");
      });

      it("continues as new until done, keeping only the last execution's history", async () => {
        const id = uniqueId("countdown");
        const state = await run("Countdown", 4, id);
        expect(state.output).toBe("done at 0");
        expect(state.input).toBe(0);
        const history = await client.getOrchestrationHistory(id);
        expect(history.filter((e) => e.eventType === "ExecutionStarted")).toHaveLength(1);
        expect(history.find((e) => e.eventType === "ExecutionStarted")?.input).toBe(0);
      });

      it("restarts a finished instance under the same id with its input", async () => {
        const id = uniqueId("restart");
        const first = await run("Greet", ["Rome"], id);
        await client.restartOrchestration(id);
        await waitFor(async () => (await client.getOrchestrationState(id))?.executionId !== first.executionId);
        const again = await client.waitForOrchestrationCompletion(id, WAIT);
        expect(again.executionId).not.toBe(first.executionId);
        expect(again.output).toEqual(["Hello Rome!"]);
      });
    });

    describe("entities", () => {
      it("applies signals in order and answers a read", async () => {
        const entity = new EntityId("Counter", uniqueId("c"));
        await client.signalEntity(entity, "add", 2);
        await client.signalEntity(entity, "add", 3);
        await client.signalEntity(entity, "subtract", 1);
        await waitFor(async () => (await client.getEntity<number>(entity))?.state === 4);
        expect((await client.getEntity<number>(entity))?.state).toBe(4);
      });

      it("answers calls from an orchestration and runs a critical section over two entities", async () => {
        const [a, b] = [uniqueId("a"), uniqueId("b")];
        expect((await run("Reads", a)).output).toBe(5);
        expect((await run("Transfers", [a, b])).output).toEqual([2, 3]);
      });

      it("lists entities, and not among orchestrations", async () => {
        const key = uniqueId("listed");
        await client.signalEntity(new EntityId("Counter", key), "add", 1);
        await waitFor(async () => (await client.getEntity(new EntityId("Counter", key))) !== undefined);
        const listed = [];
        for await (const entity of client.listEntities({ name: "Counter" })) listed.push(entity.entityId.toString());
        expect(listed).toContain(new EntityId("Counter", key).toString());
        const orchestrations = [];
        for await (const state of client.listOrchestrations()) orchestrations.push(state.instanceId);
        expect(orchestrations.some((id) => id.startsWith("@"))).toBe(false);
      });
    });

    describe("queries and purge", () => {
      it("pages through instances by prefix", async () => {
        const prefix = uniqueId("page");
        const ids = Array.from({ length: 7 }, (_, i) => `${prefix}-${i}`);
        await Promise.all(ids.map((id) => run("Greet", ["X"], id)));
        const pages: string[][] = [];
        for await (const page of client.listOrchestrations({ instanceIdPrefix: prefix }).byPage({ maxPageSize: 3 })) {
          pages.push(page.map((s) => s.instanceId));
        }
        expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
        expect(pages.flat().sort()).toEqual([...ids].sort());
        const completed = [];
        for await (const s of client.listOrchestrations({ instanceIdPrefix: prefix, runtimeStatus: ["Running"] })) completed.push(s);
        expect(completed).toEqual([]);
        const lean = await client.listOrchestrations({ instanceIdPrefix: prefix, fetchPayloads: false }).next();
        expect(lean.value?.output).toBeUndefined();
        expect(lean.value?.runtimeStatus).toBe("Completed");
      });

      it("purges one instance, and finished instances by query", async () => {
        const prefix = uniqueId("purge");
        const ids = [0, 1, 2].map((i) => `${prefix}-${i}`);
        await Promise.all(ids.map((id) => run("Greet", ["Y"], id)));
        expect(await client.purgeOrchestration(ids[0]!)).toEqual({ deletedInstanceCount: 1 });
        expect(await client.getOrchestrationState(ids[0]!)).toBeUndefined();
        expect(await client.getOrchestrationHistory(ids[0]!)).toEqual([]);
        expect(await client.purgeOrchestration(ids[0]!)).toEqual({ deletedInstanceCount: 0 });
        const running = `${prefix}-running`;
        await client.scheduleNewOrchestration("Collect", 1, { instanceId: running });
        await client.waitForOrchestrationStart(running, WAIT);
        const purged = await client.purgeOrchestrations({ instanceIdPrefix: prefix, runtimeStatus: ["Completed", "Running"] });
        expect(purged).toEqual({ deletedInstanceCount: 2 });
        expect((await client.getOrchestrationState(running))?.runtimeStatus).toBe("Running");
        await client.terminateOrchestration(running);
      });

      it("refuses an instance id no backend can keep", async () => {
        await expect(client.getOrchestrationState("")).rejects.toBeInstanceOf(InvalidInstanceIdError);
        await expect(client.scheduleNewOrchestration("Greet", [], { instanceId: "" })).rejects.toBeInstanceOf(InvalidInstanceIdError);
      });

      it("answers a wait on a finished instance at once, again and again", async () => {
        const id = uniqueId("again");
        const first = await run("Greet", ["Z"], id);
        const started = Date.now();
        for (let i = 0; i < 3; i++) expect(await client.waitForOrchestrationCompletion(id, WAIT)).toEqual(first);
        expect((await client.waitForOrchestrationStart(id, WAIT)).runtimeStatus).toBe("Completed");
        expect(Date.now() - started).toBeLessThan(2_000);
      });

      it("returns undefined for an unknown instance and an empty history", async () => {
        expect(await client.getOrchestrationState(uniqueId("nobody"))).toBeUndefined();
        expect(await client.getOrchestrationHistory(uniqueId("nobody"))).toEqual([]);
      });
    });
  });
}

function backendOf(client: TaskHubClient): OrchestrationService {
  return client.service;
}

async function waitFor(condition: () => Promise<boolean>, timeoutInMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function waitForStatus(client: TaskHubClient, id: string, status: string): Promise<void> {
  await waitFor(async () => (await client.getOrchestrationState(id))?.runtimeStatus === status);
}

async function waitForHistory(client: TaskHubClient, id: string, ok: (types: string[]) => boolean) {
  let history = await client.getOrchestrationHistory(id);
  await waitFor(async () => ok((history = await client.getOrchestrationHistory(id)).map((e) => e.eventType)));
  return history;
}
