// Requests to one entity share a message; everything else passes through as it was.
import { describe, expect, it } from "vitest";
import { batchEntityRequests, encodeEntityRequest, entityRequestsOf, MAX_BATCHED_REQUEST_CHARS, type TaskMessage } from "../../src/core/index.js";

const at = new Date(0);
const op = (target: string, id: string, input?: string): TaskMessage => ({
  orchestrationInstance: { instanceId: target },
  event: { eventType: "EventRaised", eventId: -1, timestamp: at, name: "op", input: encodeEntityRequest({ id, op: "add", signal: true, input }) },
});
const other = (target: string, name: string): TaskMessage => ({
  orchestrationInstance: { instanceId: target },
  event: { eventType: "EventRaised", eventId: -1, timestamp: at, name, input: "1" },
});

describe("batching entity requests", () => {
  it("merges requests per entity in order and passes other messages through", () => {
    const out = batchEntityRequests([op("@c@1", "a"), other("orch", "op"), op("@c@2", "b"), op("@c@1", "c"), other("@c@1", "release")]);
    expect(out).toHaveLength(4);
    const [first, orchestration, second, release] = out;
    expect(first!.orchestrationInstance.instanceId).toBe("@c@1");
    expect(entityRequestsOf((first!.event as { input: string }).input).map((r) => r.id)).toEqual(["a", "c"]);
    expect(orchestration).toEqual(other("orch", "op"));
    expect(entityRequestsOf((second!.event as { input: string }).input).map((r) => r.id)).toEqual(["b"]);
    expect(release).toEqual(other("@c@1", "release"));
  });

  it("keeps a single request as a plain object, as one signal is written", () => {
    const [only] = batchEntityRequests([op("@c@1", "a")]);
    expect(only).toEqual(op("@c@1", "a"));
  });

  it("starts a new message before one grows past the limit", () => {
    const big = "x".repeat(MAX_BATCHED_REQUEST_CHARS / 3);
    const out = batchEntityRequests([op("@c@1", "a", big), op("@c@1", "b", big), op("@c@1", "c", big), op("@c@1", "d", big)]);
    expect(out.length).toBeGreaterThan(1);
    expect(out.flatMap((m) => entityRequestsOf((m.event as { input: string }).input).map((r) => r.id))).toEqual(["a", "b", "c", "d"]);
    for (const m of out) expect((m.event as { input: string }).input.length).toBeLessThan(MAX_BATCHED_REQUEST_CHARS + 100);
  });
});
