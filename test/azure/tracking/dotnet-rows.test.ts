// Rows as DurableTask.AzureStorage writes them, built by hand with typed values, read back by our tables. Checked
// against the source (see test/fixtures/original for the fixtures built from it): ints are Int32
// (TableEntityConverter writes int natively), TaskScheduled has no Input without IncludeParameters.
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTrackingStorage, type TrackingStorage } from "./tracking-test-storage.js";

let storage: TrackingStorage;
beforeAll(async () => {
  storage = await startTrackingStorage("DotNetHub");
});
afterAll(async () => storage?.stop());

const dotnetDate = (iso: string) => ({ value: iso, type: "DateTime" as const });

async function uploadGzip(blobName: string, text: string) {
  await storage.container.getBlockBlobClient(blobName).uploadData(gzipSync(Buffer.from(text, "utf8")));
}

describe("rows written by the .NET original", () => {
  it("reads a history with typed values, \"null\" complex values and a spilled Result", async () => {
    const pk = "order^01"; // instance "order/1"
    const result = JSON.stringify("r".repeat(40_000));
    const blobName = `${pk}/history-0000000000000003-TaskCompleted-7A3F09C1-Result.json.gz`;
    await uploadGzip(blobName, result);
    const base = { partitionKey: pk, ExecutionId: "9f8e7d6c5b4a39281706f5e4d3c2b1a0", IsPlayed: false };
    const rows = [
      { ...base, rowKey: "0000000000000000", EventType: "OrchestratorStarted", EventId: -1, _Timestamp: dotnetDate("2024-01-01T00:00:00.1234567Z") },
      {
        ...base, rowKey: "0000000000000001", EventType: "ExecutionStarted", EventId: -1, _Timestamp: dotnetDate("2024-01-01T00:00:00.1234567Z"),
        Name: "OrderFlow", Version: "", Input: '{"id":1}', Generation: 1, Correlation: null, ParentInstance: "null", ParentTraceContext: "null",
        OrchestrationInstance: '{"InstanceId":"order/1","ExecutionId":"9f8e7d6c5b4a39281706f5e4d3c2b1a0"}', Tags: "null",
        ScheduledStartTime: null,
      },
      {
        ...base, rowKey: "0000000000000002", EventType: "TaskScheduled", EventId: 0, _Timestamp: dotnetDate("2024-01-01T00:00:01Z"), Name: "Charge", Version: "",
        ParentTraceContext: "null", Tags: "null",
      },
      {
        ...base, rowKey: "0000000000000003", EventType: "TaskCompleted", EventId: -1, _Timestamp: dotnetDate("2024-01-01T00:00:02Z"),
        TaskScheduledId: 0, Result: "", ResultBlobName: blobName,
      },
      {
        ...base, rowKey: "0000000000000004", EventType: "TaskFailed", EventId: -1, _Timestamp: dotnetDate("2024-01-01T00:00:03Z"),
        TaskScheduledId: 0, Reason: "Boom", Details: null, FailureDetails: "null",
      },
      {
        ...base, rowKey: "0000000000000005", EventType: "ExecutionCompleted", EventId: 5, _Timestamp: dotnetDate("2024-01-01T00:00:04Z"),
        OrchestrationStatus: "Completed", Result: '"ok"', FailureDetails: "null",
      },
      { partitionKey: pk, rowKey: "sentinel", ExecutionId: base.ExecutionId, IsCheckpointComplete: true, CheckpointCompletedTimestamp: dotnetDate("2024-01-01T00:00:05Z") },
    ];
    const plain = rows.map((row) => Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null)));
    await storage.historyClient.submitTransaction(plain.map((row) => ["upsert", row as never, "Replace"]));

    const loaded = await storage.history.load("order/1");
    expect(loaded.executionId).toBe(base.ExecutionId);
    expect(loaded.etag).toMatch(/.+/);
    expect(loaded.events).toEqual([
      { eventType: "OrchestratorStarted", eventId: -1, isPlayed: false, timestamp: new Date("2024-01-01T00:00:00.123Z") },
      {
        eventType: "ExecutionStarted", eventId: -1, isPlayed: false, timestamp: new Date("2024-01-01T00:00:00.123Z"),
        name: "OrderFlow", version: "", input: '{"id":1}', generation: 1,
        orchestrationInstance: { instanceId: "order/1", executionId: base.ExecutionId },
      },
      { eventType: "TaskScheduled", eventId: 0, isPlayed: false, timestamp: new Date("2024-01-01T00:00:01Z"), name: "Charge", version: "" },
      { eventType: "TaskCompleted", eventId: -1, isPlayed: false, timestamp: new Date("2024-01-01T00:00:02Z"), taskScheduledId: 0, result },
      { eventType: "TaskFailed", eventId: -1, isPlayed: false, timestamp: new Date("2024-01-01T00:00:03Z"), taskScheduledId: 0, reason: "Boom" },
      {
        eventType: "ExecutionCompleted", eventId: 5, isPlayed: false, timestamp: new Date("2024-01-01T00:00:04Z"),
        orchestrationStatus: "Completed", result: '"ok"',
      },
    ]);
  });

  it("reads an Instances row whose Input is a blob URL and whose CustomStatus is \"null\"", async () => {
    const pk = "big^0input";
    const input = JSON.stringify({ items: "i".repeat(40_000) });
    const blobName = `${pk}/history-0000000000000001-ExecutionStarted-0C0FFEE0-Input.json.gz`;
    await uploadGzip(blobName, input);
    // .NET escapes each segment of the name (Uri.EscapeDataString): ^ becomes %5E.
    const url = `${storage.container.url}/big%5E0input/history-0000000000000001-ExecutionStarted-0C0FFEE0-Input.json.gz`;
    await storage.instancesClient.upsertEntity({
      partitionKey: pk, rowKey: "", Name: "Big", Version: "", ExecutionId: "e1", Input: url, Output: "null", CustomStatus: "null",
      RuntimeStatus: "Running", CreatedTime: dotnetDate("2024-02-02T02:02:02.2222222Z"), LastUpdatedTime: dotnetDate("2024-02-02T02:02:03Z"),
      Generation: 0, Tags: "null", TaskHubName: "DotNetHub",
    }, "Replace");
    const row = await storage.instances.get("big/input");
    expect(row).toEqual({
      instanceId: "big/input", name: "Big", version: "", executionId: "e1", input, runtimeStatus: "Running",
      createdTime: new Date("2024-02-02T02:02:02.222Z"), lastUpdatedTime: new Date("2024-02-02T02:02:03Z"), generation: 0,
      // .NET's null payloads are JSON null.
      output: "null", customStatus: "null",
    });
  });

  it("reads a Pending row whose Input points at the spilled ExecutionStarted message", async () => {
    const input = JSON.stringify("m".repeat(50_000));
    const blobName = "pending-big/message-0123456789abcdef0123456789abcdef-ExecutionStarted.json.gz";
    const message = {
      $type: "DurableTask.AzureStorage.MessageData",
      ActivityId: "01234567-89ab-cdef-0123-456789abcdef",
      TaskMessage: {
        $type: "DurableTask.Core.TaskMessage",
        Event: { $type: "DurableTask.Core.History.ExecutionStartedEvent", EventType: 0, Name: "N", Input: input },
      },
    };
    await uploadGzip(blobName, JSON.stringify(message));
    await storage.instancesClient.upsertEntity({
      partitionKey: "pending-big", rowKey: "", Name: "N", ExecutionId: "e", RuntimeStatus: "Pending",
      Input: storage.blobs.blobUrl(blobName), CreatedTime: new Date(1), LastUpdatedTime: new Date(1),
    }, "Replace");
    expect((await storage.instances.get("pending-big"))?.input).toBe(input);
  });

  it("reads a Failed row whose Output is FailureDetails.ToString(), and a minimum CompletedTime as none", async () => {
    await storage.instancesClient.upsertEntity({
      partitionKey: "failed-dotnet", rowKey: "", Name: "N", ExecutionId: "e", RuntimeStatus: "Failed",
      Output: "System.InvalidOperationException: Something broke: badly", CustomStatus: '"s"',
      CreatedTime: new Date(1), LastUpdatedTime: new Date(2), CompletedTime: dotnetDate("1601-01-01T00:00:00Z"),
    }, "Replace");
    const row = await storage.instances.get("failed-dotnet");
    expect(row).toMatchObject({
      runtimeStatus: "Failed", customStatus: '"s"',
      failureDetails: { errorType: "System.InvalidOperationException", message: "Something broke: badly" },
    });
    expect(row).not.toHaveProperty("output");
    expect(row).not.toHaveProperty("completedTime");
  });
});
