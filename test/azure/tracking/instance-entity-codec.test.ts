import { describe, expect, it } from "vitest";
import {
  entityToInstanceRow,
  instanceFieldsToEntity,
  payloadFromBlob,
} from "../../../src/azure/tracking/instance-entity-codec.js";
import { toInstanceQuery, toInstanceRecord } from "../../../src/azure/tracking/backend-shapes.js";
import { instanceQueryFilter, decodeInstanceQueryToken, encodeInstanceQueryToken } from "../../../src/azure/tracking/instance-query.js";

describe("instance entity codec", () => {
  it("writes only the columns it was given, plus TaskHubName", () => {
    expect(instanceFieldsToEntity("a/b", { runtimeStatus: "Running", customStatus: null }, "Hub")).toEqual({
      partitionKey: "a^0b", rowKey: "", RuntimeStatus: "Running", CustomStatus: "null", TaskHubName: "Hub",
    });
  });

  it("puts a failure in Output as the original's FailureDetails.ToString() text (ATS:1005-1016)", () => {
    const entity = instanceFieldsToEntity("i", { runtimeStatus: "Failed", output: '"x"', failureDetails: { errorType: "E", message: "m" } }, "H");
    expect(entity.Output).toBe("E: m");
    expect(entityToInstanceRow({ ...entity, RuntimeStatus: "Failed" }).failureDetails).toEqual({ errorType: "E", message: "m" });
  });

  it("still reads the FailureDetails JSON older dtfx versions wrote in Output", () => {
    const json = '{"ErrorType":"E","ErrorMessage":"m","StackTrace":"at x","InnerFailure":null,"IsNonRetriable":false}';
    const row = entityToInstanceRow({ partitionKey: "i", RuntimeStatus: "Failed", Output: json });
    expect(row.failureDetails).toEqual({ errorType: "E", message: "m", stackTrace: "at x" });
  });

  it("reads a Failed row's Output written by others", () => {
    const failed = (Output: string) => entityToInstanceRow({ partitionKey: "i", RuntimeStatus: "Failed", Output });
    expect(failed("System.Exception: boom").failureDetails).toEqual({ errorType: "System.Exception", message: "boom" });
    expect(failed('"Orchestrator function failed: x"').failureDetails).toEqual({ errorType: "Error", message: "Orchestrator function failed: x" });
    expect(failed('"no type here"').failureDetails).toEqual({ errorType: "Error", message: "no type here" });
  });

  it("reads absent and \"null\" columns as undefined (payloads as the JSON null) and defaults what must be there", () => {
    expect(entityToInstanceRow({ partitionKey: "x^0y", Input: "null", Output: "null", CustomStatus: "null", Tags: "null", Version: "null" })).toEqual({
      instanceId: "x/y", name: "", executionId: "", runtimeStatus: "Pending", createdTime: new Date(0), lastUpdatedTime: new Date(0),
      input: "null", output: "null", customStatus: "null",
    });
    expect(entityToInstanceRow({ partitionKey: "i", RuntimeStatus: 1, Generation: BigInt(3) })).toMatchObject({ runtimeStatus: "Completed", generation: 3 });
  });

  it("takes the input out of a spilled ExecutionStarted message", () => {
    const message = JSON.stringify({ TaskMessage: { Event: { EventType: 0, Input: '"in"' } } });
    expect(payloadFromBlob("Input", "i/message-00-ExecutionStarted.json.gz", message)).toBe('"in"');
    expect(payloadFromBlob("Input", "i/history--Input-0000ABCD-Input.json.gz", '"raw"')).toBe('"raw"');
    expect(payloadFromBlob("Output", "i/message-00-ExecutionStarted.json.gz", '"raw"')).toBe('"raw"');
  });
});

describe("instance query", () => {
  it("builds the original's OData", () => {
    expect(instanceQueryFilter({})).toBeUndefined();
    expect(instanceQueryFilter({ runtimeStatus: ["Running"] })).toBe("RuntimeStatus eq 'Running'");
    expect(instanceQueryFilter({
      createdTimeFrom: new Date("2024-01-01T00:00:00Z"), createdTimeTo: new Date("2024-02-01T00:00:00Z"),
      runtimeStatus: ["Completed", "Failed"], instanceIdPrefix: "a/b'",
    })).toBe(
      "(CreatedTime ge datetime'2024-01-01T00:00:00.000Z') and (CreatedTime le datetime'2024-02-01T00:00:00.000Z') and " +
      "(RuntimeStatus eq 'Completed' or RuntimeStatus eq 'Failed') and (PartitionKey ge 'a^0b''') and (PartitionKey lt 'a^0b(')",
    );
  });

  it("wraps continuation tokens", () => {
    // The tables SDK's token: base64 of { nextPartitionKey, nextRowKey? }.
    const sdkToken = Buffer.from(JSON.stringify({ nextPartitionKey: "1!8!YWJj" })).toString("base64");
    const token = encodeInstanceQueryToken(sdkToken);
    expect(token).not.toContain(sdkToken);
    expect(decodeInstanceQueryToken(token)).toBe(sdkToken);
    expect(() => decodeInstanceQueryToken("dtfx1.AAAA")).toThrow(TypeError);
  });
});

describe("backend shapes", () => {
  it("translates rows and queries to the backend interface's names", () => {
    const at = new Date(5);
    expect(toInstanceRecord({
      instanceId: "i", name: "n", executionId: "e", runtimeStatus: "Completed", createdTime: at, lastUpdatedTime: at,
      completedTime: at, output: "1", generation: 2,
    })).toEqual({ instanceId: "i", name: "n", executionId: "e", runtimeStatus: "Completed", createdAt: at, lastUpdatedAt: at, completedAt: at, output: "1" });
    expect(toInstanceQuery({ createdFrom: at, createdTo: at, runtimeStatus: ["Failed"], instanceIdPrefix: "p", fetchPayloads: false }))
      .toEqual({ createdTimeFrom: at, createdTimeTo: at, runtimeStatus: ["Failed"], instanceIdPrefix: "p" });
  });
});
