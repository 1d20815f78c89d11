// Rewind of a Failed instance as the original does it (AzureTableTrackingStore.cs:273-377): the failure rows
// become GenericEvent "Rewound: …" in place, failed children are rewound too, and the failed activities run again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { odata, TableClient } from "@azure/data-tables";
import { InvalidInstanceStatusError, OrchestrationNotFoundError, type OrchestrationContext } from "../../src/core/index.js";
import { historyTableName } from "../../src/azure/resource-names.js";
import { eventually } from "../support/eventually.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";

let hub: TestHub;
/** Activities fail while their key is in here; the test removes it, as a fixed bug would. */
const broken = new Set<string>();

beforeAll(async () => {
  hub = await startTestHub((worker) => {
    worker
      .addActivity("Fragile", (_ctx, key: string) => {
        if (broken.has(key)) throw new Error(`${key} is broken`);
        return `${key} ok`;
      })
      .addOrchestrator("TwoSteps", function* (ctx: OrchestrationContext, key: string) {
        const first: string = yield ctx.callActivity("Fragile", "always-fine");
        const second: string = yield ctx.callActivity("Fragile", key);
        return [first, second];
      })
      .addOrchestrator("Parent", function* (ctx: OrchestrationContext, key: string) {
        const child: string[] = yield ctx.callSubOrchestrator("TwoSteps", key, { instanceId: `${ctx.instanceId}-child` });
        return { child };
      });
  });
});
afterAll(async () => hub?.stop());

async function historyRows(instanceId: string): Promise<Record<string, unknown>[]> {
  const table = TableClient.fromConnectionString(hub.azurite.connectionString, historyTableName(hub.service.options.taskHubName), {
    allowInsecureConnection: true,
  });
  const rows: Record<string, unknown>[] = [];
  for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${instanceId}` } })) {
    if (row.rowKey !== "sentinel") rows.push(row);
  }
  return rows;
}

/** Polls the status row: a wait could return the Failed state this process announced before the rewind. */
async function eventuallyStatus(id: string, status: string) {
  const state = await eventually(() => hub.client.getOrchestrationState(id), (s) => s?.runtimeStatus === status, 15_000);
  return state!;
}

describe("rewind", () => {
  it("runs a failed activity again and completes; the failure rows become GenericEvent 'Rewound: …'", async () => {
    broken.add("k1");
    const id = await hub.client.scheduleNewOrchestration("TwoSteps", "k1");
    const failed = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 15_000 });
    expect(failed.runtimeStatus).toBe("Failed");

    broken.delete("k1");
    await hub.client.rewindOrchestration(id, "fixed the bug");
    const rows = await historyRows(id);
    const rewound = rows.filter((r) => String(r.Reason ?? "").startsWith("Rewound: "));
    expect(rewound.map((r) => [r.EventType, r.Reason]).sort()).toEqual([
      ["GenericEvent", "Rewound: ExecutionCompleted"],
      ["GenericEvent", "Rewound: TaskFailed"],
      ["GenericEvent", "Rewound: TaskScheduled"],
    ]);

    const done = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 15_000 });
    expect(done.runtimeStatus).toBe("Completed");
    expect(done.output).toEqual(["always-fine ok", "k1 ok"]);
    const history = await hub.client.getOrchestrationHistory(id);
    // The first activity ran once; the failed one is scheduled again after the rewound rows.
    expect(history.filter((e) => e.eventType === "TaskScheduled")).toHaveLength(2);
    expect(history.some((e) => e.eventType === "GenericEvent" && e.data === "fixed the bug")).toBe(true);
  });

  it("rewinds a failed sub-orchestration through its parent; the child's creation keeps its type", async () => {
    broken.add("k2");
    const id = await hub.client.scheduleNewOrchestration("Parent", "k2");
    expect((await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 15_000 })).runtimeStatus).toBe("Failed");

    broken.delete("k2");
    await hub.client.rewindOrchestration(id);
    const created = (await historyRows(id)).find((r) => r.EventType === "SubOrchestrationInstanceCreated");
    expect(created?.Reason).toBe("Rewound: SubOrchestrationInstanceCreated");
    const done = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 15_000 });
    expect(done.runtimeStatus).toBe("Completed");
    expect(done.output).toEqual({ child: ["always-fine ok", "k2 ok"] });
    expect((await hub.client.getOrchestrationState(`${id}-child`))?.runtimeStatus).toBe("Completed");
  });

  it("rewinds again after a rewound instance fails again", async () => {
    broken.add("k4");
    const id = await hub.client.scheduleNewOrchestration("TwoSteps", "k4");
    expect((await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 15_000 })).runtimeStatus).toBe("Failed");
    await hub.client.rewindOrchestration(id);
    const again = await eventuallyStatus(id, "Failed");
    expect(again.failureDetails?.message).toContain("k4 is broken");
    broken.delete("k4");
    await hub.client.rewindOrchestration(id);
    expect((await eventuallyStatus(id, "Completed")).output).toEqual(["always-fine ok", "k4 ok"]);
    const scheduled = (await hub.client.getOrchestrationHistory(id)).filter((e) => e.eventType === "TaskScheduled");
    expect(scheduled).toHaveLength(2); // the first activity's, and the failed one's latest scheduling
  });

  it("refuses an instance that has not failed, and an unknown one", async () => {
    const id = await hub.client.scheduleNewOrchestration("TwoSteps", "k3");
    await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 15_000 });
    await expect(hub.client.rewindOrchestration(id)).rejects.toBeInstanceOf(InvalidInstanceStatusError);
    await expect(hub.client.rewindOrchestration("no-such-instance")).rejects.toBeInstanceOf(OrchestrationNotFoundError);
  });
});
