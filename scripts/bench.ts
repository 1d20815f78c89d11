// `npm run bench [scenario…] [-- --count N] [--seconds S] [--settle S] [--connection-string S]
//   [--partition-management legacy|safe|table|all]` (idle: the hubs' partition manager; all: one run per kind)`: runs benchmark
// scenarios on an embedded Azurite (or a real account), printing a table per scenario and writing JSON to bench-results/.
// `memory` runs on the in-memory backend and `replay` on core alone: neither starts Azurite.
import { parseArgs } from "node:util";
import { startAzurite, startAzuriteInChildProcess } from "../dist/index.js";
import { runHello } from "./bench/hello.js";
import { runLatency } from "./bench/latency.js";
import { runIdle, runPerInstance } from "./bench/per-instance.js";
import { runAzuriteCeiling } from "./bench/azurite-ceiling.js";
import { runEntities } from "./bench/entities.js";
import { runFanOut } from "./bench/fan-out.js";
import { report, type ScenarioResult } from "./bench/report.js";
import { startPauseProbe } from "./bench/pause-probe.js";
import { measureReplays, REPLAY_GOAL_MS } from "./bench/replay.js";
import { registerInMemoryTracing } from "./bench/otel-sdk.js";
import { runMemory } from "./bench/memory.js";

const SCENARIOS = ["hello", "latency", "per-instance", "entities", "idle", "replay", "azurite", "memory", "fan-out"] as const;
const WITHOUT_STORAGE: readonly string[] = ["replay", "memory"];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    count: { type: "string" },
    seconds: { type: "string" },
    // idle: how long the worker is left alone before counting starts.
    settle: { type: "string" },
    "connection-string": { type: "string" },
    // idle: the partition management kind of the hubs measured, or "all" for one run of each kind.
    "partition-management": { type: "string" },
    // Azurite in this process instead of its own: the worker then shares one thread with the emulator.
    "same-process-azurite": { type: "boolean", default: false },
    // Azurite's queue store as shipped, without the embedded emulator's fix (src/azurite/queue-store-fix.ts).
    "azurite-as-shipped": { type: "boolean", default: false },
    // fan-out: how long each activity takes (I/O-bound: a timer).
    "activity-ms": { type: "string" },
    // An OpenTelemetry SDK with an in-memory exporter, to measure tracing's cost when something records it.
    otel: { type: "boolean", default: false },
  },
});
if (values.otel) {
  registerInMemoryTracing();
  console.log("Tracing: an OpenTelemetry SDK is registered (batch processor, in-memory exporter)");
}
const chosen = (positionals.length ? positionals : [...SCENARIOS]) as (typeof SCENARIOS)[number][];
const unknown = chosen.filter((s) => !(SCENARIOS as readonly string[]).includes(s));
if (unknown.length) {
  console.error(`Unknown scenario(s): ${unknown.join(", ")}. Known: ${SCENARIOS.join(", ")}`);
  process.exit(2);
}
const startEmbedded = values["same-process-azurite"] ? startAzurite : startAzuriteInChildProcess;
const needsStorage = chosen.some((s) => !WITHOUT_STORAGE.includes(s));
const azurite = values["connection-string"] || !needsStorage ? undefined : await startEmbedded({ fixQueueStore: !values["azurite-as-shipped"] });
const connectionString = values["connection-string"] ?? azurite?.connectionString ?? "";
try {
  for (const scenario of chosen) {
    for (const part of parts(scenario)) {
      if (WITHOUT_STORAGE.includes(scenario)) {
        report(await part());
        continue;
      }
      const probe = startPauseProbe(connectionString);
      const result = await part();
      report({ ...result, ...(await probe.stop()) });
    }
  }
} finally {
  await azurite?.stop();
}

/** A scenario's runs, each reported on its own (hello: all started at once, then 16 at a time; each without and with batching). */
function parts(scenario: (typeof SCENARIOS)[number]): (() => Promise<ScenarioResult>)[] {
  const count = (fallback: number) => Number(values.count ?? fallback);
  switch (scenario) {
    case "hello":
      // The default (one queue message per client message, as the original) and opt-in batching, in one run.
      return [
        () => runHello(connectionString, count(1000)),
        () => runHello(connectionString, count(1000), 16),
        () => runHello(connectionString, count(1000), undefined, { batchClientMessages: true }),
        () => runHello(connectionString, count(1000), 16, { batchClientMessages: true }),
      ];
    case "latency":
      return [() => runLatency(connectionString, count(50))];
    case "per-instance":
      return [() => runPerInstance(connectionString)];
    case "entities":
      return [() => runEntities(connectionString, count(2000))];
    case "idle": {
      const chosenKind = values["partition-management"];
      const kinds = chosenKind === "all" ? (["legacy", "safe", "table"] as const) : [chosenKind as "legacy" | "safe" | "table" | undefined];
      return kinds.map((kind) => () => runIdle(connectionString, Number(values.seconds ?? 60), Number(values.settle ?? 70), kind));
    }
    case "replay":
      return [async () => ({ scenario: "replay", ...Object.fromEntries(measureReplays().map((r) => [`${r.scenario} (ms, median)`, r.medianMs])), goalMs: REPLAY_GOAL_MS })];
    case "azurite":
      return [() => runAzuriteCeiling(connectionString)];
    case "memory":
      return [() => runMemory(count(2000))];
    case "fan-out":
      return [() => runFanOut(connectionString, count(1000), Number(values["activity-ms"] ?? 100), azurite?.processId)];
  }
}
