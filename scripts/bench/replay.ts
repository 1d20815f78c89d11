// Replay benchmark: how long the engine takes to replay a long history from its first event, which is what a
// worker does for every episode of an instance that is not in its cache. Histories are built by hand, so only
// execute() is measured. Run by `npm run bench:replay` and by `npm run bench replay`.
import { execute, type HistoryEvent, type OrchestrationContext, type Orchestrator } from "../../dist/core/index.js";

const WARM_UP_ROUNDS = 5;
const MEASURED_ROUNDS = 21;
export const REPLAY_GOAL_MS = 100;
const T0 = Date.UTC(2026, 0, 1);

interface Scenario {
  name: string;
  orchestrator: Orchestrator;
  history: HistoryEvent[];
  expectedOutput: string;
}

/** Builds a history one episode at a time: OrchestratorStarted, what arrived, what the code scheduled, OrchestratorCompleted. */
class HistoryWriter {
  readonly events: HistoryEvent[] = [];
  private episode = 0;

  constructor(name: string, input: unknown) {
    const timestamp = this.begin();
    this.events.push({
      eventType: "ExecutionStarted", eventId: -1, timestamp, name, input: JSON.stringify(input),
      orchestrationInstance: { instanceId: "bench", executionId: "e1" },
    });
  }

  begin(): Date {
    const timestamp = new Date(T0 + 1000 * this.episode++);
    this.events.push({ eventType: "OrchestratorStarted", eventId: -1, timestamp });
    return timestamp;
  }

  end(): void {
    this.events.push({ eventType: "OrchestratorCompleted", eventId: -1, timestamp: this.now() });
  }

  scheduled(id: number, name: string, input: unknown): void {
    this.events.push({ eventType: "TaskScheduled", eventId: id, timestamp: this.now(), name, input: JSON.stringify(input) });
  }

  completed(id: number, result: unknown): void {
    this.events.push({ eventType: "TaskCompleted", eventId: -1, timestamp: this.now(), taskScheduledId: id, result: JSON.stringify(result) });
  }

  private now(): Date {
    return new Date(T0 + 1000 * (this.episode - 1));
  }
}

function* chain(ctx: OrchestrationContext, steps: number): Generator<any, number, any> {
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += (yield ctx.callActivity("Step", i)) as number;
  return sum;
}

/** `steps` activities one after another: four events per step. */
function chainScenario(steps: number): Scenario {
  const writer = new HistoryWriter("Chain", steps);
  writer.scheduled(0, "Step", 0);
  writer.end();
  for (let i = 0; i < steps; i++) {
    writer.begin();
    writer.completed(i, i);
    if (i + 1 < steps) writer.scheduled(i + 1, "Step", i + 1);
    writer.end();
  }
  return { name: `chain of ${steps}`, orchestrator: chain, history: writer.events, expectedOutput: String((steps * (steps - 1)) / 2) };
}

function* fanOut(ctx: OrchestrationContext, shape: { rounds: number; width: number }): Generator<any, number, any> {
  let total = 0;
  for (let round = 0; round < shape.rounds; round++) {
    const results = (yield ctx.whenAll(Array.from({ length: shape.width }, (_, i) => ctx.callActivity("Work", i)))) as number[];
    for (const value of results) total += value;
  }
  return total;
}

/** `rounds` fan-outs of `width` activities each, every fan-out answered in one episode. */
function fanOutScenario(rounds: number, width: number): Scenario {
  const writer = new HistoryWriter("FanOut", { rounds, width });
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < width; i++) writer.scheduled(round * width + i, "Work", i);
    writer.end();
    writer.begin();
    for (let i = 0; i < width; i++) writer.completed(round * width + i, i);
  }
  writer.end();
  const expected = (rounds * width * (width - 1)) / 2;
  return { name: `${rounds} fan-outs of ${width}`, orchestrator: fanOut, history: writer.events, expectedOutput: String(expected) };
}

/** One full replay: the whole history is past, the new episode brings only its OrchestratorStarted. */
function replayOnce(scenario: Scenario): number {
  const now: HistoryEvent = { eventType: "OrchestratorStarted", eventId: -1, timestamp: new Date(T0 + 86_400_000) };
  const started = performance.now();
  const result = execute(scenario.orchestrator, scenario.history, [now]);
  const elapsed = performance.now() - started;
  if (result.status !== "Completed" || result.output !== scenario.expectedOutput) {
    throw new Error(`${scenario.name}: replay ended ${result.status} with ${result.output ?? JSON.stringify(result.failureDetails)}`);
  }
  return elapsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function measure(scenario: Scenario) {
  for (let i = 0; i < WARM_UP_ROUNDS; i++) replayOnce(scenario);
  const times = Array.from({ length: MEASURED_ROUNDS }, () => replayOnce(scenario));
  const ms = median(times);
  const events = scenario.history.length + 1;
  const round = (x: number) => Number(x.toFixed(2));
  return {
    scenario: scenario.name, events, medianMs: round(ms), minMs: round(Math.min(...times)), maxMs: round(Math.max(...times)),
    eventsPerSecond: Math.round((events / ms) * 1000),
  };
}

/** The two 10,000-event histories, each replayed MEASURED_ROUNDS times after a warm-up. */
export function measureReplays() {
  return [chainScenario(2_500), fanOutScenario(5, 1_000)].map(measure);
}

export const REPLAY_ROUNDS = MEASURED_ROUNDS;
