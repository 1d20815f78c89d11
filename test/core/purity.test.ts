// core must stay pure: replay may not depend on anything but the history.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const CORE = join(import.meta.dirname, "../../src/core");
const FORBIDDEN: [RegExp, string][] = [
  [/from\s+["']node:/, "node:* imports"],
  [/from\s+["']@azure\//, "@azure/* imports"],
  [/\bDate\.now\s*\(/, "Date.now()"],
  [/\bMath\.random\s*\(/, "Math.random()"],
  [/new\s+Date\s*\(\s*\)/, "new Date() without arguments"],
  [/\b(setTimeout|setInterval|setImmediate|queueMicrotask)\s*\(/, "timers"],
  [/\bprocess\./, "process"],
  [/\brequire\s*\(/, "require"],
];

describe("src/core is pure", () => {
  const files = readdirSync(CORE).filter((f) => f.endsWith(".ts"));

  it("has sources to check", () => {
    expect(files.length).toBeGreaterThan(5);
  });

  for (const file of files) {
    it(`${file} uses no clock, randomness, timers or I/O`, () => {
      const source = readFileSync(join(CORE, file), "utf8");
      const found = FORBIDDEN.filter(([pattern]) => pattern.test(source)).map(([, what]) => what);
      expect(found).toEqual([]);
    });
  }
});
