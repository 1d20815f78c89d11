import { describe, expect, it } from "vitest";
import { nextPollDelayInMs, WakeableDelay } from "../../../src/azure/messaging/polling.js";

async function elapsedMs(action: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

describe("nextPollDelayInMs", () => {
  it("is 0 after a receive that found work, then 50 ms + jittered doubling of 50 ms, capped at 30 s", () => {
    expect(nextPollDelayInMs(0, 0.5)).toBe(0);
    expect(nextPollDelayInMs(1, 0.5)).toBeCloseTo(100);
    expect(nextPollDelayInMs(1, 0)).toBeCloseTo(90);
    expect(nextPollDelayInMs(1, 1)).toBeCloseTo(110);
    expect(nextPollDelayInMs(2, 0.5)).toBeCloseTo(150);
    expect(nextPollDelayInMs(5, 0.5)).toBeCloseTo(850);
    expect(nextPollDelayInMs(10, 0.5)).toBeCloseTo(25_650);
    expect(nextPollDelayInMs(11, 0)).toBe(30_000);
    expect(nextPollDelayInMs(10_000, 1)).toBe(30_000);
    expect(nextPollDelayInMs(3, 0.5, 120)).toBe(120);
  });
});

describe("WakeableDelay", () => {
  it("resolves at its timeout", async () => {
    const ms = await elapsedMs(() => new WakeableDelay().wait(60));
    expect(ms).toBeGreaterThanOrEqual(55);
    expect(ms).toBeLessThan(1_000);
  });

  it("resolves at once when woken, and wakes every waiter", async () => {
    const delay = new WakeableDelay();
    const waits = [delay.wait(10_000), delay.wait(10_000)];
    setTimeout(() => delay.wake(), 20);
    const ms = await elapsedMs(() => Promise.all(waits).then(() => undefined));
    expect(ms).toBeLessThan(1_000);
  });

  it("counts a wake() that came before the wait once", async () => {
    const delay = new WakeableDelay();
    delay.wake();
    delay.wake();
    expect(await elapsedMs(() => delay.wait(10_000))).toBeLessThan(50);
    expect(await elapsedMs(() => delay.wait(60))).toBeGreaterThanOrEqual(55);
  });

  it("resolves when aborted, and at once when already aborted", async () => {
    const delay = new WakeableDelay();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    expect(await elapsedMs(() => delay.wait(10_000, controller.signal))).toBeLessThan(1_000);
    expect(await elapsedMs(() => delay.wait(10_000, controller.signal))).toBeLessThan(50);
  });

  it("leaves no timer behind once woken", async () => {
    const delay = new WakeableDelay();
    const before = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const wait = delay.wait(10_000);
    expect(process.getActiveResourcesInfo().filter((r) => r === "Timeout").length).toBe(before + 1);
    delay.wake();
    await wait;
    expect(process.getActiveResourcesInfo().filter((r) => r === "Timeout").length).toBe(before);
  });

  it("does not hold the process open when asked not to", async () => {
    const delay = new WakeableDelay({ keepProcessAlive: false });
    const before = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const wait = delay.wait(10_000);
    expect(process.getActiveResourcesInfo().filter((r) => r === "Timeout").length).toBe(before);
    delay.wake();
    await wait;
  });
});
