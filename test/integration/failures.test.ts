// Errors surface with their details: retries, unhandled failures, failing sub-orchestrations, unknown names
// (activities through the work-item queue here; test/integration/local-activities.test.ts runs them locally).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TaskFailedError, type OrchestrationContext } from "../../src/core/index.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";

let hub: TestHub;
const attempts = new Map<string, number>();

class InventoryError extends Error {
  override name = "InventoryError";
}

beforeAll(async () => {
  hub = await startTestHub((worker) => {
    worker
      .addActivity("Flaky", (ctx, failTimes: number) => {
        const n = (attempts.get(ctx.instanceId) ?? 0) + 1;
        attempts.set(ctx.instanceId, n);
        if (n <= failTimes) throw new InventoryError(`attempt ${n} failed`);
        return n;
      })
      .addOrchestrator("Retrying", function* (ctx: OrchestrationContext, failTimes: number) {
        const retry = { maxNumberOfAttempts: 3, firstRetryIntervalInMs: 100, backoffCoefficient: 2 };
        try {
          return yield ctx.callActivity("Flaky", failTimes, { retry });
        } catch (error) {
          if (!(error instanceof TaskFailedError)) throw error;
          return { caught: error.failureDetails.errorType, message: error.failureDetails.message };
        }
      })
      .addOrchestrator("Throws", function* (ctx: OrchestrationContext) {
        yield ctx.callActivity("Flaky", 5);
        return "unreachable";
      })
      .addOrchestrator("FailingChild", function* () {
        throw new InventoryError("out of stock");
      })
      .addOrchestrator("CatchesChild", function* (ctx: OrchestrationContext) {
        try {
          yield ctx.callSubOrchestrator("FailingChild");
          return "unreachable";
        } catch (error) {
          return (error as TaskFailedError).failureDetails;
        }
      })
      .addOrchestrator("CallsMissing", function* (ctx: OrchestrationContext) {
        try {
          yield ctx.callActivity("NoSuchActivity");
        } catch (error) {
          return (error as TaskFailedError).failureDetails.message;
        }
      });
  }, { worker: { localActivities: false } });
});

afterAll(async () => {
  await hub?.stop();
});

describe("failures", () => {
  it("retries an activity until it succeeds", async () => {
    const id = await hub.client.scheduleNewOrchestration("Retrying", 2);
    const state = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
    expect(state.output).toBe(3);
    const history = await hub.client.getOrchestrationHistory(id);
    expect(history.filter((e) => e.eventType === "TaskFailed")).toHaveLength(2);
    expect(history.filter((e) => e.eventType === "TimerCreated")).toHaveLength(2);
  });

  it("surfaces an exhausted retry as a catchable TaskFailedError", async () => {
    const id = await hub.client.scheduleNewOrchestration("Retrying", 10);
    const state = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
    expect(state.output).toEqual({ caught: "InventoryError", message: "attempt 3 failed" });
  });

  it("fails the instance with the details of an unhandled activity failure", async () => {
    const id = await hub.client.scheduleNewOrchestration("Throws");
    const state = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
    expect(state.runtimeStatus).toBe("Failed");
    expect(state.failureDetails?.errorType).toBe("TaskFailedError");
    expect(JSON.stringify(state.failureDetails)).toContain("attempt 1 failed");
  });

  it("catches a failed sub-orchestration as TaskFailedError with its details", async () => {
    const id = await hub.client.scheduleNewOrchestration("CatchesChild");
    const state = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
    expect(state.runtimeStatus).toBe("Completed");
    expect(JSON.stringify(state.output)).toContain("out of stock");
  });

  it("fails an instance of an unregistered orchestrator with a message naming it", async () => {
    const id = await hub.client.scheduleNewOrchestration("NoSuchOrchestrator");
    const state = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
    expect(state.runtimeStatus).toBe("Failed");
    expect(state.failureDetails?.message).toContain("NoSuchOrchestrator");
  });

  it("fails a call to an unregistered activity with a message naming it, and the worker goes on", async () => {
    const id = await hub.client.scheduleNewOrchestration("CallsMissing");
    const state = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
    expect(state.output).toContain("NoSuchActivity");
    const next = await hub.client.scheduleNewOrchestration("Retrying", 0);
    expect((await hub.client.waitForOrchestrationCompletion(next, { timeoutInMs: 30_000 })).output).toBe(1);
  });
});
