import { describe, expect, it } from "vitest";
import { ActivitySlots } from "../../src/worker/activity-slots.js";
import { nextRenewalInMs } from "../../src/worker/activity-lock-renewal.js";
import type { ActivityWorkItem } from "../../src/backend/orchestration-service.js";

describe("ActivitySlots", () => {
  it("hands out only free slots, at once, and tells listeners of every change", () => {
    const slots = new ActivitySlots(3);
    const seen: number[] = [];
    const stop = slots.onChange(() => seen.push(slots.free));
    expect(slots.tryAcquire(2)).toBe(2);
    expect(slots.tryAcquire(5)).toBe(1);
    expect(slots.tryAcquire()).toBe(0);
    slots.release();
    stop();
    slots.release();
    expect(seen).toEqual([1, 0, 1]);
    expect(slots.free).toBe(2);
    expect(() => new ActivitySlots(0)).toThrow(RangeError);
  });

  it("runs a work item already received even when local activities took the last slot meanwhile", () => {
    const slots = new ActivitySlots(1);
    expect(slots.tryAcquire()).toBe(1); // a local activity
    slots.acquireReceived(); // the received work item, one slot over
    expect(slots.free).toBe(-1);
    expect(slots.tryAcquire()).toBe(0); // nothing more until both end
    slots.release();
    slots.release();
    expect(slots.free).toBe(1);
  });
});

describe("nextRenewalInMs", () => {
  const item = (lockedForMs: number): ActivityWorkItem => ({
    id: "w", dequeueCount: 1, lockedUntil: new Date(1_000_000 + lockedForMs),
    message: { event: { eventType: "TaskScheduled", eventId: 0, timestamp: new Date(0), name: "A" }, orchestrationInstance: { instanceId: "i" } },
  });

  it("renews a 5-minute lock every 30 s, as the original does", () => {
    expect(nextRenewalInMs(item(300_000), 1_000_000)).toBe(30_000);
    expect(nextRenewalInMs(item(40_000), 1_000_000)).toBe(20_000);
  });

  it("renews a short lock at half of it, never in a tight loop", () => {
    expect(nextRenewalInMs(item(30_000), 1_000_000)).toBe(15_000);
    expect(nextRenewalInMs(item(3_000), 1_000_000)).toBe(1_500);
    expect(nextRenewalInMs(item(-5_000), 1_000_000)).toBe(100);
  });

  it("keeps to a fixed interval when the worker sets one, and to 30 s without a known lock end", () => {
    expect(nextRenewalInMs(item(300_000), 1_000_000, 1_000)).toBe(1_000);
    expect(nextRenewalInMs({ ...item(0), lockedUntil: undefined }, 1_000_000)).toBe(30_000);
  });
});
