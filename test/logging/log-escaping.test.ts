// Readable log lines never carry control characters raw: an id holding ESC sequences must not drive the terminal.
import { describe, expect, it } from "vitest";
import { createLogger, escapeUnprintable, formatLogLine, type LogEntry } from "../../src/logging/logger.js";
import { formatTable, terminalSafe } from "../../src/cli/text-table.js";

const RAW = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const at = new Date("2026-11-30T00:00:00Z");

describe("log lines", () => {
  it("escape terminal escape sequences, C1 controls, separators and bidi overrides in values", () => {
    const entry: LogEntry = { event: "EpisodeCommitted", level: "info", time: at, instanceId: "\u001b[2J\u001b[Hfake" };
    const line = formatLogLine(entry);
    expect(line).not.toMatch(RAW);
    expect(line).toContain('instanceId="\\u001b[2J\\u001b[Hfake"');
    for (const id of ["a\u0085b", "a\u009bb", "a\u007fb", "a\u2028b", "a\u202eb", "tab\there", "new\nline"]) {
      expect(formatLogLine({ ...entry, instanceId: id })).not.toMatch(RAW);
    }
  });

  it("escape them inside objects, errors and event names too", () => {
    const lines: string[] = [];
    const log = createLogger({ sink: (entry) => lines.push(formatLogLine(entry)) });
    log.error("Failed\u001b]0;title\u0007", new Error("bad id \u001b[31mred"), { nested: { id: "\u0085x" } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(RAW);
    expect(lines[0]).toContain("\\u001b[31mred");
  });

  it("leave plain values as they are", () => {
    expect(formatLogLine({ event: "E", level: "info", time: at, instanceId: "order-42", ms: 3 })).toBe("2026-11-30T00:00:00.000Z E instanceId=order-42 ms=3");
    expect(escapeUnprintable("日本語 🎉")).toBe("日本語 🎉");
  });
});

describe("CLI text", () => {
  it("escapes control characters in table cells and reports, keeping the report's lines", () => {
    for (const line of formatTable(["Id"], [["\u001b[2Jfake"]]).split("\n")) expect(line).not.toMatch(RAW);
    expect(terminalSafe("line one\n\u001b[2Jline two")).toBe("line one\n\\u001b[2Jline two");
  });
});
