// Durable entities end to end on Azurite: signals, calls, locks, delete and re-create, hostile keys.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EntityId, TaskFailedError, type EntityContext, type OrchestrationContext } from "../../src/core/index.js";
import { registerSamples } from "../../src/samples/index.js";
import { eventually } from "../support/eventually.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";

let hub: TestHub;

function account(ctx: EntityContext<number>): void {
  const balance = ctx.getState(() => 0) ?? 0;
  const amount = ctx.getInput<number>();
  if (ctx.operationName === "deposit") ctx.setState(balance + amount);
  else if (ctx.operationName === "withdraw") {
    if (amount > balance) throw new Error(`Insufficient funds: ${balance} < ${amount}`);
    ctx.setState(balance - amount);
  } else if (ctx.operationName === "balance") ctx.return(balance);
}

beforeAll(async () => {
  hub = await startTestHub((worker) => {
    registerSamples(worker);
    worker
      .addEntity("Account", account)
      .addEntity("Relay", (ctx: EntityContext<string[]>) => {
        // Forwards to a counter and starts an orchestration: both happen only if the operation succeeds.
        ctx.signalEntity(new EntityId("Counter", ctx.getInput<string>()), "add", 5);
        ctx.setState([...(ctx.getState(() => []) ?? []), ctx.startNewOrchestration("HelloCities", undefined, `relay-${ctx.entityId.key}`)]);
      })
      .addOrchestrator("CallCounter", function* (ctx: OrchestrationContext, key: string) {
        const counter = new EntityId("Counter", key);
        ctx.signalEntity(counter, "add", 2);
        yield ctx.callEntity(counter, "add", 3);
        const value: number = yield ctx.callEntity(counter, "get");
        let failure: unknown;
        try {
          yield ctx.callEntity(counter, "explode");
        } catch (error) {
          failure = error;
        }
        const f = failure as TaskFailedError;
        return { value, failed: f instanceof TaskFailedError, message: f.message, errorType: f.failureDetails.errorType };
      })
      .addOrchestrator("Transfer", function* (ctx: OrchestrationContext, input: { from: string; to: string; amount: number }) {
        const from = new EntityId("Account", input.from);
        const to = new EntityId("Account", input.to);
        const lock = yield ctx.lockEntities(to, from);
        try {
          const balance: number = yield ctx.callEntity(from, "balance");
          if (balance < input.amount) return "refused";
          yield ctx.callEntity(from, "withdraw", input.amount);
          yield ctx.callEntity(to, "deposit", input.amount);
          return "done";
        } finally {
          lock.release();
        }
      })
      .addOrchestrator("LockAndEnd", function* (ctx: OrchestrationContext, key: string) {
        yield ctx.lockEntities(new EntityId("Counter", key));
        return "ended while holding the lock";
      });
  });
});

afterAll(async () => {
  await hub?.stop();
});

describe("entities", () => {
  it("counts 1,000 concurrent signals exactly", async () => {
    const id = new EntityId("Counter", "thousand");
    await Promise.all(Array.from({ length: 1000 }, () => hub.client.signalEntity(id, "add", 1)));
    const entity = await eventually(() => hub.client.getEntity<number>(id), (e) => e?.state === 1000);
    expect(entity?.state).toBe(1000);
    expect(entity?.entityId.toString()).toBe("@counter@thousand");
    expect(entity?.lastModifiedAt).toBeInstanceOf(Date);
  }, 120_000);

  it("keeps the entity's creation time across batches", async () => {
    const id = new EntityId("Counter", "aging");
    await hub.client.signalEntity(id, "add", 1);
    await eventually(() => hub.client.getEntity(id), (e) => e?.state === 1);
    const created = (await hub.service.getInstance(id.toString()))!.createdAt;
    await new Promise((r) => setTimeout(r, 20));
    await hub.client.signalEntity(id, "add", 1);
    await eventually(() => hub.client.getEntity(id), (e) => e?.state === 2);
    const row = await hub.service.getInstance(id.toString());
    expect(row!.createdAt).toEqual(created);
    expect(row!.lastUpdatedAt.getTime()).toBeGreaterThan(created.getTime());
  });

  it("returns call results to orchestrations and surfaces failures as TaskFailedError", async () => {
    const id = await hub.client.scheduleNewOrchestration("CallCounter", "calls");
    const state = await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
    expect(state.runtimeStatus).toBe("Completed");
    expect(state.output).toMatchObject({ value: 5, failed: true, errorType: "Error" });
    expect((state.output as { message: string }).message).toContain("no operation 'explode'");
    // The failed operation changed nothing.
    expect((await hub.client.getEntity(new EntityId("Counter", "calls")))?.state).toBe(5);
  });

  it("keeps the total of 50 concurrent transfers under lockEntities", async () => {
    const keys = ["a", "b", "c"];
    await Promise.all(keys.map((k) => hub.client.signalEntity(new EntityId("Account", k), "deposit", 100)));
    await eventually(
      () => Promise.all(keys.map((k) => hub.client.getEntity<number>(new EntityId("Account", k)))),
      (all) => all.every((e) => e?.state === 100),
    );
    const ids = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        hub.client.scheduleNewOrchestration("Transfer", { from: keys[i % 3], to: keys[(i + 1) % 3], amount: 7 + (i % 5) * 20 }),
      ),
    );
    const states = await Promise.all(ids.map((id) => hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 90_000 })));
    expect(states.map((s) => s.runtimeStatus)).toEqual(ids.map(() => "Completed"));
    const balances = await Promise.all(keys.map((k) => hub.client.getEntity<number>(new EntityId("Account", k))));
    expect(balances.reduce((sum, e) => sum + (e?.state ?? 0), 0)).toBe(300);
    expect(balances.every((e) => (e?.state ?? -1) >= 0)).toBe(true);
  }, 120_000);

  it("releases locks when the orchestration ends without releasing them", async () => {
    const id = await hub.client.scheduleNewOrchestration("LockAndEnd", "locked");
    await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 });
    const counter = new EntityId("Counter", "locked");
    await hub.client.signalEntity(counter, "add", 1);
    expect((await eventually(() => hub.client.getEntity<number>(counter), (e) => e?.state === 1))?.state).toBe(1);
  });

  it("deletes an entity, creates it again, and purges deleted ones", async () => {
    const id = new EntityId("Counter", "phoenix");
    await hub.client.signalEntity(id, "add", 3);
    await eventually(() => hub.client.getEntity(id), (e) => e?.state === 3);
    await hub.client.signalEntity(id, "delete");
    expect(await eventually(() => hub.client.getEntity(id), (e) => e === undefined)).toBeUndefined();
    await hub.client.signalEntity(id, "add", 4);
    expect((await eventually(() => hub.client.getEntity(id), (e) => e?.state === 4))?.state).toBe(4);

    const gone = new EntityId("Counter", "gone");
    await hub.client.signalEntity(gone, "add", 1);
    await eventually(() => hub.client.getEntity(gone), (e) => e?.state === 1);
    await hub.client.signalEntity(gone, "delete");
    await eventually(() => hub.client.getEntity(gone), (e) => e === undefined);
    const purged = await hub.client.purgeDeletedEntities();
    expect(purged.deletedInstanceCount).toBeGreaterThanOrEqual(1);
    expect(await hub.service.getInstance(gone.toString())).toBeUndefined();
    expect((await hub.client.getEntity(id))?.state).toBe(4);
  });

  it("lists entities by name, apart from orchestrations", async () => {
    await hub.client.signalEntity(new EntityId("Account", "listed"), "deposit", 1);
    await eventually(() => hub.client.getEntity(new EntityId("Account", "listed")), (e) => e !== undefined);
    const accounts = [];
    for await (const entity of hub.client.listEntities({ name: "account" })) accounts.push(entity.entityId.toString());
    expect(accounts).toContain("@account@listed");
    expect(accounts.every((id) => id.startsWith("@account@"))).toBe(true);
    const orchestrations = [];
    for await (const state of hub.client.listOrchestrations()) orchestrations.push(state.instanceId);
    expect(orchestrations.some((id) => id.startsWith("@"))).toBe(false);
  });

  it("lets entities signal entities and start orchestrations", async () => {
    await hub.client.signalEntity(new EntityId("Relay", "r1"), "go", "relayed");
    const started = await hub.client.waitForOrchestrationCompletion("relay-r1", { timeoutInMs: 30_000 });
    expect(started.output).toEqual(["Hello Tokyo!", "Hello Seattle!", "Hello London!"]);
    const counter = await eventually(() => hub.client.getEntity<number>(new EntityId("Counter", "relayed")), (e) => e?.state === 5);
    expect(counter?.state).toBe(5);
  });

  it("takes hostile keys", async () => {
    const keys = ["a/b\\c", "#?%", "with space", "ünïcødé-🙂", "@at@signs@", "'quote\"", "x".repeat(200)];
    for (const key of keys) await hub.client.signalEntity(new EntityId("Counter", key), "add", key.length);
    for (const key of keys) {
      const entity = await eventually(() => hub.client.getEntity<number>(new EntityId("Counter", key)), (e) => e !== undefined);
      expect(entity?.state).toBe(key.length);
      expect(entity?.entityId.key).toBe(key);
    }
  });
});
