// A worker's defaults in one place, and bad values refused before anything runs.
import { describe, expect, it } from "vitest";
import { resolveWorkerOptions } from "../../src/worker/worker-options.js";

describe("resolveWorkerOptions", () => {
  it("fills the defaults", () => {
    expect(resolveWorkerOptions({})).toEqual({
      maxConcurrentOrchestrations: 100,
      maxConcurrentActivities: 20,
      maxTimerIntervalInMs: 3 * 24 * 60 * 60 * 1000,
      activityRenewIntervalInMs: undefined,
      localActivities: { budgetInMs: 1_000, maxPerRound: 1_000 },
      versioning: undefined,
      includeParameters: false,
      batchEntityRequests: false,
    });
  });

  it("local activities take their budget and overrides, and can be turned off", () => {
    expect(resolveWorkerOptions({ localActivityBudgetInMs: 200 }).localActivities).toEqual({ budgetInMs: 200, maxPerRound: 1_000 });
    expect(resolveWorkerOptions({ localActivities: { budgetInMs: 50 } }).localActivities).toEqual({ budgetInMs: 50, maxPerRound: 1_000 });
    expect(resolveWorkerOptions({ localActivities: false }).localActivities).toBeUndefined();
  });

  it("refuses values that are not above 0", () => {
    expect(() => resolveWorkerOptions({ maxConcurrentOrchestrations: 0 })).toThrow(RangeError);
    expect(() => resolveWorkerOptions({ maxConcurrentActivities: Number.NaN })).toThrow(RangeError);
  });
});
