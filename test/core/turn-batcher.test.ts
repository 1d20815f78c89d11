// One turn batcher for client signals and backend messages: items of one turn and key go together, split as told,
// and each caller's promise settles with its own batch.
import { describe, expect, it } from "vitest";
import { TurnBatcher } from "../../src/core/turn-batcher.js";

const endOfTurn = (flush: () => void) => setImmediate(flush);

describe("TurnBatcher", () => {
  it("sends the items of one turn by key, in order, and starts afresh next turn", async () => {
    const sent: [string, number[]][] = [];
    const batcher = new TurnBatcher<number>({ schedule: endOfTurn, send: async (key, items) => void sent.push([key, items]) });
    await Promise.all([batcher.add("a", 1), batcher.add("b", 2), batcher.add("a", 3)]);
    await batcher.add("a", 4);
    expect(sent).toEqual([["a", [1, 3]], ["b", [2]], ["a", [4]]]);
  });

  it("splits a key's items as told, and a failed batch rejects only its own callers", async () => {
    const batcher = new TurnBatcher<number>({
      schedule: endOfTurn,
      split: (items) => [items.slice(0, 2), items.slice(2)],
      send: async (_key, items) => {
        if (items.includes(3)) throw new Error("third");
      },
    });
    const results = await Promise.allSettled([1, 2, 3].map((n) => batcher.add("k", n)));
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected"]);
  });
});
