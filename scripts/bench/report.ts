// Shared by the benchmark scenarios: percentiles, and writing results as a table and as JSON.
import { mkdirSync, writeFileSync } from "node:fs";

export type ScenarioResult = { scenario: string } & Record<string, unknown>;

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Number(sorted[index]!.toFixed(1));
}

/** Requests made between two meter readings, by kind, each divided by `per` and rounded (kinds with none left out). */
export function requestsByKind(
  before: { byKind: object },
  after: { byKind: object },
  per: number,
  digits = 2,
): Record<string, number> {
  const was = before.byKind as Record<string, number>;
  return Object.fromEntries(
    Object.entries(after.byKind as Record<string, number>).flatMap(([kind, n]) => {
      const delta = n - (was[kind] ?? 0);
      return delta > 0 ? [[kind, Number((delta / per).toFixed(digits))]] : [];
    }),
  );
}

export function report(result: ScenarioResult): void {
  // Breakdowns by kind (`…ByKind` objects) get a table of their own after the flat figures.
  const breakdowns = Object.entries(result).filter(([key]) => key.endsWith("ByKind"));
  const flat = Object.fromEntries(Object.entries(result).filter(([key]) => !key.endsWith("ByKind")));
  console.table([flat]);
  for (const [key, byKind] of breakdowns) {
    console.log(key);
    console.table(byKind);
  }
  mkdirSync("bench-results", { recursive: true });
  writeFileSync(`bench-results/${result.scenario}.json`, JSON.stringify(result, null, 2) + "\n");
}
