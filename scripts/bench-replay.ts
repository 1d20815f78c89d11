// `npm run bench:replay`: the replay benchmark alone (see bench/replay.ts); prints a table and writes
// bench-results/replay.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { measureReplays, REPLAY_GOAL_MS, REPLAY_ROUNDS } from "./bench/replay.js";

const rows = measureReplays();
console.table(rows.map((r) => ({ scenario: r.scenario, events: r.events, "ms (median)": r.medianMs, "ms (min)": r.minMs, "ms (max)": r.maxMs, "events/s": r.eventsPerSecond })));
const slow = rows.filter((r) => r.medianMs > REPLAY_GOAL_MS);
console.log(slow.length === 0 ? `All within the ${REPLAY_GOAL_MS} ms goal.` : `Over the ${REPLAY_GOAL_MS} ms goal: ${slow.map((r) => r.scenario).join(", ")}`);
mkdirSync("bench-results", { recursive: true });
writeFileSync("bench-results/replay.json", JSON.stringify({ goalMs: REPLAY_GOAL_MS, rounds: REPLAY_ROUNDS, rows }, null, 2) + "\n");
