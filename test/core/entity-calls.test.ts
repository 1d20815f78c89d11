// Orchestrations talking to entities, replayed from histories alone.
import { describe, expect, it } from "vitest";
import { EntityId, execute, type OrchestrationContext, type SendEventAction } from "../../src/core/index.js";
import { ev } from "./history-builders.js";

const counter = new EntityId("Counter", "c1");
const sent = (actions: unknown[]) => actions.filter((a): a is SendEventAction => (a as SendEventAction).kind === "SendEvent");

describe("entity calls from orchestrations", () => {
  it("sends a request as EventRaised 'op' and returns the answer raised under its id", () => {
    function* orchestrator(ctx: OrchestrationContext) {
      ctx.signalEntity(counter, "add", 1);
      return (yield ctx.callEntity(counter, "get")) as unknown;
    }
    const first = execute(orchestrator, [], [ev.orchestratorStarted(), ev.started("O")]);
    const [signal, call] = sent(first.actions);
    expect(signal).toMatchObject({ instanceId: "@counter@c1", name: "op" });
    const request = JSON.parse(call!.input!);
    expect(request).toMatchObject({ op: "get", parent: "instance-1", parentExecution: "exec-1" });
    expect(JSON.parse(signal!.input!)).toMatchObject({ op: "add", signal: true, input: "1" });

    const past = [ev.orchestratorStarted(), ev.started("O"), ...first.actions.map(toSent)];
    const answered = execute(orchestrator, past, [ev.orchestratorStarted(10), ev.raised(request.id, { result: "42" })]);
    expect(answered).toMatchObject({ status: "Completed", output: "42" });

    const failed = execute(orchestrator, past, [
      ev.orchestratorStarted(10),
      ev.raised(request.id, { exceptionType: "Error", failureDetails: { errorType: "Error", message: "bad" } }),
    ]);
    expect(failed.status).toBe("Failed");
    expect(failed.failureDetails?.errorType).toBe("TaskFailedError");
    expect(failed.failureDetails?.message).toContain("Operation 'get' of entity '@counter@c1' failed: bad");
  });

  it("locks entities in id order and releases them when the orchestration ends", () => {
    let caught: unknown;
    function* orchestrator(ctx: OrchestrationContext) {
      yield ctx.lockEntities(new EntityId("B", "2"), "@a@1", new EntityId("b", "2"));
      try {
        ctx.lockEntities(counter);
      } catch (error) {
        caught = error;
      }
      return "done";
    }
    const first = execute(orchestrator, [], [ev.orchestratorStarted(), ev.started("O")]);
    const lock = sent(first.actions)[0]!;
    const request = JSON.parse(lock.input!);
    expect(lock.instanceId).toBe("@a@1");
    expect(request).toMatchObject({ op: null, lockset: [{ name: "a", key: "1" }, { name: "b", key: "2" }], parent: "instance-1", IsLockRequest: true });
    expect(request).not.toHaveProperty("pos"); // 0 is left out, as the original's EmitDefaultValue=false

    const past = [ev.orchestratorStarted(), ev.started("O"), ...first.actions.map(toSent)];
    const done = execute(orchestrator, past, [ev.orchestratorStarted(10), ev.raised(request.id, { result: '"ok"' })]);
    expect(caught).toBeInstanceOf(Error);
    expect(done.status).toBe("Completed");
    const releases = sent(done.actions);
    expect(releases.map((r) => [r.instanceId, r.name])).toEqual([["@a@1", "release"], ["@b@2", "release"]]);
    expect(JSON.parse(releases[0]!.input!)).toEqual({ parent: "instance-1", id: request.id });
    expect(done.actions.at(-1)).toMatchObject({ kind: "CompleteOrchestration" });
  });

  it("refuses ids that are not entity ids", () => {
    function* orchestrator(ctx: OrchestrationContext) {
      ctx.signalEntity("plain-instance", "op");
    }
    const result = execute(orchestrator, [], [ev.orchestratorStarted(), ev.started("O")]);
    expect(result.status).toBe("Failed");
    expect(result.failureDetails?.message).toContain("Not an entity id");
  });
});

function toSent(action: unknown) {
  const a = action as SendEventAction;
  return { eventType: "EventSent" as const, eventId: a.id, timestamp: new Date(0), instanceId: a.instanceId, name: a.name, input: a.input };
}
