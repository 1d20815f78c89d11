// `npm run bench [scenario…] [-- --count N] [--seconds S] [--settle S] [--connection-string S]`: runs benchmark
// scenarios on an embedded Azurite (or a real account), printing a table per scenario and writing JSON to bench-results/.
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

const SCENARIOS = ["hello", "latency", "per-instance", "entities", "idle", "replay", "azurite", "fan-out"] as const;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    count: { type: "string" },
    seconds: { type: "string" },
    // idle: how long the worker is left alone before counting starts.
    settle: { type: "string" },
    "connection-string": { type: "string" },
    // Azurite in this process instead of its own: the worker then shares one thread with the emulator.
    "same-process-azurite": { type: "boolean", default: false },
  },
});
const chosen = (positionals.length ? positionals : [...SCENARIOS]) as (typeof SCENARIOS)[number][];
const unknown = chosen.filter((s) => !(SCENARIOS as readonly string[]).includes(s));
if (unknown.length) {
  console.error(`Unknown scenario(s): ${unknown.join(", ")}. Known: ${SCENARIOS.join(", ")}`);
  process.exit(2);
}
const startEmbedded = values["same-process-azurite"] ? startAzurite : startAzuriteInChildProcess;
const azurite = values["connection-string"] ? undefined : await startEmbedded();
const connectionString = values["connection-string"] ?? azurite!.connectionString;
try {
  for (const scenario of chosen) {
    for (const part of parts(scenario)) {
      const probe = startPauseProbe(connectionString);
      const result = await part();
      report({ ...result, ...(await probe.stop()) });
    }
  }
} finally {
  await azurite?.stop();
}

/** A scenario's runs, each reported on its own (hello: all started at once, then 16 at a time). */
function parts(scenario: (typeof SCENARIOS)[number]): (() => Promise<ScenarioResult>)[] {
  const count = (fallback: number) => Number(values.count ?? fallback);
  switch (scenario) {
    case "hello":
      return [() => runHello(connectionString, count(1000)), () => runHello(connectionString, count(1000), 16)];
    case "latency":
      return [() => runLatency(connectionString, count(50))];
    case "per-instance":
      return [() => runPerInstance(connectionString)];
    case "entities":
      return [() => runEntities(connectionString, count(2000))];
    case "idle":
      return [() => runIdle(connectionString, Number(values.seconds ?? 60), Number(values.settle ?? 70))];
    case "replay":
      return [async () => ({ scenario: "replay", ...Object.fromEntries(measureReplays().map((r) => [`${r.scenario} (ms, median)`, r.medianMs])), goalMs: REPLAY_GOAL_MS })];
    case "azurite":
      return [() => runAzuriteCeiling(connectionString)];
    case "fan-out":
      return [() => runFanOut(connectionString, count(1000))];
  }
}
