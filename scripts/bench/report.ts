// Shared by the benchmark scenarios: percentiles, and writing results as a table and as JSON.
import { mkdirSync, writeFileSync } from "node:fs";

export type ScenarioResult = { scenario: string } & Record<string, unknown>;

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Number(sorted[index]!.toFixed(1));
}

export function report(result: ScenarioResult): void {
  const { requestsPerOrchestrationByKind, ...flat } = result;
  console.table([flat]);
  if (requestsPerOrchestrationByKind) console.table(requestsPerOrchestrationByKind);
  mkdirSync("bench-results", { recursive: true });
  writeFileSync(`bench-results/${result.scenario}.json`, JSON.stringify(result, null, 2) + "\n");
}
