// While a commit that hands calls off is under way, it renews their held work items when half a lock is left,
// never twice at once, and not at all after stop().
import { describe, it, expect } from "vitest";
import type { ActivityWorkItem } from "../../../src/backend/orchestration-service.js";
import { renewHeldCallsDuringCommit } from "../../../src/azure/sessions/held-calls-during-commit.js";

const LOCK_MS = 200;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function heldItem(id: string): ActivityWorkItem {
  return { id, message: {} as ActivityWorkItem["message"], dequeueCount: 0, lockedUntil: new Date(Date.now() + LOCK_MS) };
}

describe("renewHeldCallsDuringCommit", () => {
  it("renews each held item when half its lock is left, for as long as the commit lasts", async () => {
    const renewals: { id: string; leftMs: number }[] = [];
    const renew = async (item: ActivityWorkItem) => {
      renewals.push({ id: item.id, leftMs: item.lockedUntil!.getTime() - Date.now() });
      item.lockedUntil = new Date(Date.now() + LOCK_MS);
    };
    const keep = renewHeldCallsDuringCommit([Promise.resolve(heldItem("a")), Promise.resolve(heldItem("b"))], renew, () => undefined);
    await sleep(LOCK_MS * 2.2); // a commit that outlasts two locks
    await keep.stop();
    const count = renewals.length;
    expect(renewals.filter((r) => r.id === "a").length).toBeGreaterThanOrEqual(3);
    expect(renewals.filter((r) => r.id === "b").length).toBeGreaterThanOrEqual(3);
    // Never left to lapse: each renewal came while the lock still had time left.
    expect(renewals.every((r) => r.leftMs > 0)).toBe(true);
    await sleep(LOCK_MS);
    expect(renewals.length).toBe(count);
  });

  it("waits for a renewal under way before stop() resolves, so the worker's own renewals never race it", async () => {
    let underWay = 0;
    let finished = 0;
    const renew = async (item: ActivityWorkItem) => {
      underWay++;
      await sleep(80);
      item.lockedUntil = new Date(Date.now() + LOCK_MS);
      underWay--;
      finished++;
    };
    const keep = renewHeldCallsDuringCommit([Promise.resolve(heldItem("a"))], renew, () => undefined);
    await sleep(LOCK_MS / 2 + 20); // the first renewal has begun
    expect(underWay).toBe(1);
    await keep.stop();
    expect(underWay).toBe(0);
    expect(finished).toBe(1);
  });

  it("does not repeat a renewal that failed or found the item gone, and ignores a send that failed", async () => {
    const errors: string[] = [];
    let gone = 0;
    let failing = 0;
    const keep = renewHeldCallsDuringCommit(
      [Promise.resolve(heldItem("gone")), Promise.resolve(heldItem("failing")), Promise.reject(new Error("send failed"))],
      async (item) => {
        if (item.id === "gone") gone++; // the queue said 404: the lock did not move
        else {
          failing++;
          throw new Error("storage stalled");
        }
      },
      (error, item) => errors.push(`${item.id}: ${(error as Error).message}`),
    );
    await sleep(LOCK_MS * 2);
    await keep.stop();
    expect({ gone, failing, errors }).toEqual({ gone: 1, failing: 1, errors: ["failing: storage stalled"] });
  });
});
