// A worker's defaults in one place, and bad values refused before anything runs.
import { describe, expect, it } from "vitest";
import { resolveWorkerOptions } from "../../src/worker/worker-options.js";

describe("resolveWorkerOptions", () => {
  it("fills the defaults", () => {
    expect(resolveWorkerOptions({})).toEqual({
      maxConcurrentOrchestrations: 100,
      maxConcurrentActivities: 20,
      maxTimerIntervalInMs: 3 * 24 * 60 * 60 * 1000,
      activityRenewIntervalInMs: 60_000,
      localActivities: { budgetInMs: 1_000, maxPerRound: 1_000, concurrency: 20 },
      versioning: undefined,
      includeParameters: false,
      batchEntityRequests: false,
    });
  });

  it("local activities follow the activity concurrency, take overrides, and can be turned off", () => {
    expect(resolveWorkerOptions({ maxConcurrentActivities: 4, localActivities: { budgetInMs: 50 } }).localActivities).toEqual({ budgetInMs: 50, maxPerRound: 1_000, concurrency: 4 });
    expect(resolveWorkerOptions({ localActivities: false }).localActivities).toBeUndefined();
  });

  it("refuses values that are not above 0", () => {
    expect(() => resolveWorkerOptions({ maxConcurrentOrchestrations: 0 })).toThrow(RangeError);
    expect(() => resolveWorkerOptions({ maxConcurrentActivities: Number.NaN })).toThrow(RangeError);
  });
});
