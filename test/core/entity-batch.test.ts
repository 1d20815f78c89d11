// The entity state machine on its own: operations, rollback, locks, duplicates. No storage.
import { describe, expect, it } from "vitest";
import {
  EntityId,
  entityResponseFromJson,
  executeEntityBatch,
  type EntityBatchInput,
  type EntityContext,
  type EntityInbound,
  type EntityRequest,
  type EntitySchedulerState,
} from "../../src/core/index.js";

const id = new EntityId("Counter", "k");

function counter(ctx: EntityContext<number>): void {
  const n = ctx.getState(() => 0)!;
  if (ctx.operationName === "add") ctx.setState(n + ctx.getInput<number>());
  else if (ctx.operationName === "get") ctx.return(n);
  else if (ctx.operationName === "addThenFail") {
    ctx.setState(n + 100);
    ctx.signalEntity(new EntityId("Other", "x"), "never");
    throw new RangeError("nope");
  } else if (ctx.operationName === "delete") ctx.deleteState();
}

let ids = 0;
const req = (op: string | undefined, fields: Partial<EntityRequest> = {}): EntityInbound => ({
  kind: "request",
  request: { id: `r${ids++}`, ...(op ? { op } : {}), ...fields },
});
const add = (n: number, fields: Partial<EntityRequest> = {}) => req("add", { signal: true, input: JSON.stringify(n), ...fields });

function batch(inbound: EntityInbound[], scheduler: EntitySchedulerState = { exists: false }, more: Partial<EntityBatchInput> = {}) {
  let n = 0;
  return executeEntityBatch({
    entityId: id, scheduler, inbound, entity: counter, nowInMs: 1_000_000, newId: () => `new-${n++}`,
    previousBatchConfirmed: false, ...more,
  });
}

describe("entity batches", () => {
  it("applies operations in order with one resulting state and answers callers", async () => {
    const result = await batch([add(1), add(2), req("get", { parent: "orch", parentExecution: "e1", id: "call-1" })]);
    expect(result.scheduler).toMatchObject({ exists: true, state: "3" });
    expect(result.operations).toBe(3);
    expect(result.deliveries).toEqual([
      { kind: "event", instanceId: "orch", executionId: "e1", name: "call-1", input: JSON.stringify({ result: "3" }) },
    ]);
  });

  it("rolls back only the operation that throws, with its messages, and tells its caller", async () => {
    const result = await batch([add(1), req("addThenFail", { parent: "orch", id: "call-2" }), add(2)]);
    expect(result.scheduler.state).toBe("3");
    expect(result.deliveries).toHaveLength(1);
    // The original's ResponseMessage: failureDetails as DurableTask.Core.FailureDetails' Json.NET form.
    const response = JSON.parse(result.deliveries[0]!.input as string);
    expect(response).toMatchObject({ result: null, exceptionType: "RangeError", failureDetails: { ErrorType: "RangeError", ErrorMessage: "nope" } });
    expect(entityResponseFromJson(response).failureDetails).toMatchObject({ errorType: "RangeError", message: "nope" });
  });

  it("fails every operation of an unregistered entity without touching the state", async () => {
    const result = await batch([req("get", { parent: "orch", id: "c" })], { exists: true, state: "7" }, { entity: undefined });
    expect(result.scheduler.state).toBe("7");
    expect(JSON.parse(result.deliveries[0]!.input as string).failureDetails.ErrorType).toBe("EntityNotFoundError");
  });

  it("deletes the state; a later operation creates it anew", async () => {
    const deleted = await batch([add(5), req("delete", { signal: true })]);
    expect(deleted.scheduler).toMatchObject({ exists: false });
    expect(deleted.scheduler.state).toBeUndefined();
    const again = await batch([add(2)], deleted.scheduler);
    expect(again.scheduler).toMatchObject({ exists: true, state: "2" });
  });

  it("skips a request delivered again, until its batch is confirmed deleted", async () => {
    const first = req("add", { id: "dup", signal: true, input: "1" });
    const one = await batch([first]);
    const redelivered = await batch([first], one.scheduler);
    expect(redelivered.duplicates).toBe(1);
    expect(redelivered.scheduler.state).toBe("1");
    // Within one batch too.
    expect((await batch([first, first])).scheduler.state).toBe("1");
    // Once the worker knows the previous batch's messages are gone, its ids are forgotten.
    const confirmed = await batch([add(1)], one.scheduler, { previousBatchConfirmed: true });
    expect(confirmed.scheduler.recent?.flatMap((r) => r.ids)).not.toContain("dup");
    // Unconfirmed ids expire after the retention.
    const later = await batch([add(1)], one.scheduler, { nowInMs: 1_000_000 + 16 * 60_000 });
    expect(later.scheduler.recent?.flatMap((r) => r.ids)).not.toContain("dup");
  });

  it("passes a lock request along its lockset, queues others' operations, and runs them on release", async () => {
    const lockset = ["@counter@k", "@counter@z"];
    const locked = await batch([req(undefined, { id: "lock-1", parent: "orch", lockset, pos: 0 }), add(1), add(2, { parent: "orch" })]);
    expect(locked.scheduler).toMatchObject({ lockedBy: "orch", lockId: "lock-1", state: "2" });
    expect(locked.scheduler.queue).toHaveLength(1);
    expect(locked.deliveries[0]).toMatchObject({ kind: "event", instanceId: "@counter@z", name: "op" });
    // The lockset travels as the original's EntityId objects.
    expect(JSON.parse(locked.deliveries[0]!.input as string)).toMatchObject({
      id: "lock-1", pos: 1, IsLockRequest: true, lockset: [{ name: "counter", key: "k" }, { name: "counter", key: "z" }],
    });

    const lastInSet = await batch([req(undefined, { id: "lock-2", parent: "orch", lockset: ["@counter@k"], pos: 0 })]);
    expect(lastInSet.deliveries[0]).toMatchObject({ instanceId: "orch", name: "lock-2" });

    const stale = await batch([{ kind: "release", release: { parent: "someone-else", id: "x" } }], locked.scheduler);
    expect(stale.scheduler.lockedBy).toBe("orch");
    const released = await batch([{ kind: "release", release: { parent: "orch", id: "lock-1" } }], locked.scheduler);
    expect(released.scheduler).toMatchObject({ state: "3" });
    expect(released.scheduler.lockedBy).toBeUndefined();
    expect(released.scheduler.queue).toBeUndefined();
  });

  it("stops draining the queue at the next lock request", async () => {
    const first = await batch([req(undefined, { id: "l1", parent: "o1", lockset: ["@counter@k"] }), req(undefined, { id: "l2", parent: "o2", lockset: ["@counter@k"] }), add(1)]);
    expect(first.scheduler.queue).toHaveLength(2);
    const next = await batch([{ kind: "release", release: { parent: "o1", id: "l1" } }], first.scheduler);
    expect(next.scheduler).toMatchObject({ lockedBy: "o2", lockId: "l2" });
    expect(next.scheduler.queue).toHaveLength(1);
    expect(next.scheduler.state).toBeUndefined();
  });
});
