// createReplaySafeLogger: a line per real step, none while replaying.
import { describe, expect, it } from "vitest";
import { execute, type OrchestrationContext } from "../../src/core/index.js";
import { ev } from "./history-builders.js";

describe("createReplaySafeLogger", () => {
  it("writes only what runs for the first time in this episode", () => {
    const lines: string[] = [];
    const sink = { info: (line: string) => lines.push(line), level: "info" };
    const orchestrator = function* (ctx: OrchestrationContext) {
      const log = ctx.createReplaySafeLogger(sink);
      log.info("before A");
      yield ctx.callActivity("A");
      log.info("before B");
      yield ctx.callActivity("B");
      log.info("done");
      expect(log.level).toBe("info"); // non-function members pass through
    };
    const past = [ev.orchestratorStarted(), ev.started("Logs"), ev.scheduled(0, "A"), { eventType: "OrchestratorCompleted", eventId: -1, timestamp: new Date(0) } as const];
    execute(orchestrator, past, [ev.orchestratorStarted(5), ev.completed(0, "a")]);
    expect(lines).toEqual(["before B"]);
    lines.length = 0;
    execute(orchestrator, [], [ev.orchestratorStarted(), ev.started("Logs")]);
    expect(lines).toEqual(["before A"]);
  });
});
