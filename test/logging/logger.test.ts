import { describe, it, expect, afterEach } from "vitest";
import {
  createLogger,
  formatLogLine,
  readableLinesSink,
  redactFields,
  redactText,
  setLogSink,
  silentLogger,
  type LogEntry,
} from "../../src/logging/logger.js";
import { DEV_ACCOUNT_KEY } from "../../src/azurite/start-azurite.js";

const fixedTime = new Date("2026-01-02T03:04:05.678Z");

function collecting() {
  const entries: LogEntry[] = [];
  return { entries, logger: createLogger({ sink: (e) => entries.push(e), now: () => fixedTime }) };
}

describe("logger", () => {
  afterEach(() => setLogSink(undefined));

  it("emits structured events with a stable name, fields, level and time", () => {
    const { entries, logger } = collecting();
    logger.info("EpisodeCommitted", { instanceId: "abc", partition: 2, ms: 12 });
    expect(entries).toEqual([{ event: "EpisodeCommitted", level: "info", time: fixedTime, instanceId: "abc", partition: 2, ms: 12 }]);
  });

  it("logs errors by name and message, and adds bound fields to every event", () => {
    const { entries, logger } = collecting();
    const worker = logger.child({ workerId: "w1" });
    worker.error("EpisodeFailed", Object.assign(new TypeError("boom"), { statusCode: 412 }), { instanceId: "i" });
    worker.warn("LeaseLost", { partition: 3 });
    expect(entries[0]).toMatchObject({
      event: "EpisodeFailed",
      level: "error",
      workerId: "w1",
      instanceId: "i",
      error: { name: "TypeError", message: "boom", statusCode: 412 },
    });
    expect(entries[0]!.error).not.toHaveProperty("stack");
    expect(entries[1]).toMatchObject({ event: "LeaseLost", level: "warn", workerId: "w1", partition: 3 });
  });

  it("is silent by default and follows setLogSink", () => {
    const logger = createLogger();
    expect(() => logger.info("Nothing")).not.toThrow();
    const seen: string[] = [];
    setLogSink((e) => seen.push(e.event));
    logger.info("Now");
    silentLogger.info("NeverSeen");
    setLogSink(undefined);
    logger.info("SilentAgain");
    expect(seen).toEqual(["Now"]);
  });

  it("never lets a failing sink fail the caller", () => {
    const logger = createLogger({ sink: () => { throw new Error("disk full"); } });
    expect(() => logger.info("Anything")).not.toThrow();
  });
});

describe("redaction", () => {
  const connectionString = `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${DEV_ACCOUNT_KEY};EndpointSuffix=core.windows.net`;

  it("never passes an account key, SAS signature, bearer token or connection string to a sink", () => {
    const { entries, logger } = collecting();
    logger.info("Started", {
      connectionString,
      note: `using ${connectionString}`,
      url: "https://acct.blob.core.windows.net/c/b?sv=2022-11-02&se=2030-01-01&sp=r&sig=abc%2Fdef%3D",
      key: DEV_ACCOUNT_KEY,
      nested: { deeper: [{ header: "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl" }] },
      sas: "SharedAccessSignature=sv=2022&sig=xyz",
      accountKey: "anything",
    });
    logger.error("Failed", new Error(`Could not connect with ${connectionString}`));
    const printed = JSON.stringify(entries);
    expect(printed).not.toContain(DEV_ACCOUNT_KEY);
    expect(printed).not.toContain("abc%2Fdef");
    expect(printed).not.toContain("eyJhbGci");
    expect(printed).not.toContain("xyz");
    expect(printed).not.toContain("anything");
    expect(entries[0]).toMatchObject({ connectionString: "[redacted]", accountKey: "[redacted]" });
    expect(entries[0]!.note).toContain("AccountName=acct;AccountKey=[redacted];");
    expect(entries[0]!.url).toContain("sp=r&sig=[redacted]");
  });

  it("leaves ordinary values alone", () => {
    const fields = { instanceId: "order-42", partition: 1, at: fixedTime, entity: "@counter@key", nothing: null };
    expect(redactFields(fields)).toEqual(fields);
    expect(redactText("a plain message = fine")).toBe("a plain message = fine");
  });
});

describe("readable lines", () => {
  it("formats `time event k=v …`, quoting values with spaces", () => {
    const line = formatLogLine({
      event: "EpisodeCommitted",
      level: "info",
      time: fixedTime,
      instanceId: "abc",
      partition: 2,
      reason: "two words",
      tags: { a: 1 },
      skipped: undefined,
    });
    expect(line).toBe('2026-01-02T03:04:05.678Z EpisodeCommitted instanceId=abc partition=2 reason="two words" tags={"a":1}');
  });

  it("marks warnings and errors, and writes through the given writer", () => {
    const lines: string[] = [];
    const logger = createLogger({ sink: readableLinesSink((l) => lines.push(l)), now: () => fixedTime });
    logger.error("LeaseLost", new Error("gone"), { partition: 3 });
    expect(lines).toEqual([
      '2026-01-02T03:04:05.678Z LeaseLost partition=3 error={"name":"Error","message":"gone"} level=error',
    ]);
  });
});
