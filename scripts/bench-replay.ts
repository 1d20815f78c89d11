// Replay benchmark: builds a 10,000-event history (a chain of 5,000 activities, each scheduled and
// completed) and replays it in full, as a worker does when an instance's history is not cached.
// Run: npm run bench:replay  (prints a table and writes bench-results/replay.json)
import { mkdirSync, writeFileSync } from "node:fs";
import { execute, type HistoryEvent, type OrchestrationContext } from "../dist/index.js";

const ACTIVITIES = 5_000;
const WARMUP_ROUNDS = 5;
const MEASURED_ROUNDS = 20;

function* chain(ctx: OrchestrationContext, n: number): Generator<any, number, any> {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += yield ctx.callActivity("Step", i);
  return sum;
}

function buildHistory(n: number): HistoryEvent[] {
  const t = new Date("2026-01-01T00:00:00Z");
  const events: HistoryEvent[] = [
    { eventType: "OrchestratorStarted", eventId: -1, timestamp: t },
    { eventType: "ExecutionStarted", eventId: -1, timestamp: t, name: "Chain", input: String(n), orchestrationInstance: { instanceId: "bench", executionId: "e1" } },
  ];
  for (let i = 0; i < n; i++) {
    events.push({ eventType: "TaskScheduled", eventId: i, timestamp: t, name: "Step", input: String(i) });
    events.push({ eventType: "TaskCompleted", eventId: -1, timestamp: t, taskScheduledId: i, result: String(i) });
  }
  return events;
}

const history = buildHistory(ACTIVITIES);
const tail: HistoryEvent[] = [{ eventType: "OrchestratorStarted", eventId: -1, timestamp: new Date("2026-01-02T00:00:00Z") }];
const expected = String((ACTIVITIES * (ACTIVITIES - 1)) / 2);

const timings: number[] = [];
for (let round = 0; round < WARMUP_ROUNDS + MEASURED_ROUNDS; round++) {
  const started = performance.now();
  const result = execute(chain, history, tail);
  const ms = performance.now() - started;
  if (result.status !== "Completed" || result.output !== expected) throw new Error(`Unexpected replay result: ${result.status} ${result.output}`);
  if (round >= WARMUP_ROUNDS) timings.push(ms);
}
timings.sort((a, b) => a - b);
const median = timings[Math.floor(timings.length / 2)]!;
const events = history.length + tail.length;
const summary = {
  scenario: "replay",
  events,
  activities: ACTIVITIES,
  rounds: MEASURED_ROUNDS,
  medianMs: Number(median.toFixed(2)),
  minMs: Number(timings[0]!.toFixed(2)),
  maxMs: Number(timings.at(-1)!.toFixed(2)),
  eventsPerSecond: Math.round(events / (median / 1000)),
  goalMs: 100,
};
console.table([summary]);
mkdirSync("bench-results", { recursive: true });
writeFileSync("bench-results/replay.json", JSON.stringify(summary, null, 2) + "\n");
