import { describe, expect, it } from "vitest";
import {
  abandonBackoffInSeconds,
  MAX_VISIBILITY_SECONDS,
  receiveVisibilityInSeconds,
  sendDelayInSeconds,
  updateVisibilityInSeconds,
} from "../../../src/azure/messaging/queue-timing.js";

describe("queue timing", () => {
  it("rounds a send delay up to whole seconds, floors it at 0 and caps it at 7 days", () => {
    expect(sendDelayInSeconds(undefined)).toBe(0);
    expect(sendDelayInSeconds(-5_000)).toBe(0);
    expect(sendDelayInSeconds(0)).toBe(0);
    expect(sendDelayInSeconds(1)).toBe(1);
    expect(sendDelayInSeconds(2_000)).toBe(2);
    expect(sendDelayInSeconds(2_001)).toBe(3);
    expect(sendDelayInSeconds(30 * 24 * 3600 * 1000)).toBe(MAX_VISIBILITY_SECONDS);
    expect(sendDelayInSeconds(Infinity)).toBe(MAX_VISIBILITY_SECONDS);
  });

  it("locks a receive for at least 1 s and lets an update release at once", () => {
    expect(receiveVisibilityInSeconds(0)).toBe(1);
    expect(receiveVisibilityInSeconds(300_000)).toBe(300);
    expect(updateVisibilityInSeconds(0)).toBe(0);
    expect(updateVisibilityInSeconds(1_500)).toBe(2);
  });

  it("backs an abandoned message off by min(2^dequeueCount, 600) s", () => {
    expect([1, 2, 3, 9, 10, 30, 31, 1000].map(abandonBackoffInSeconds)).toEqual([2, 4, 8, 512, 600, 600, 600, 600]);
  });
});
