// The package's public surface is a list of names: DESIGN.md's API is there, engine internals are not.
import { describe, expect, it } from "vitest";
import * as dtfx from "../src/index.js";

describe("the public API", () => {
  it("exports DESIGN.md's classes, errors and helpers", () => {
    for (const name of [
      "AzureStorageOrchestrationService", "InMemoryOrchestrationService", "TaskHubWorker", "TaskHubClient", "EntityId", "Task", "TimerTask",
      "startAzurite", "startHttpApi", "TaskFailedError", "NonDeterminismError", "OrchestrationNotFoundError", "InstanceExistsError",
      "InvalidTaskHubNameError", "InvalidInstanceIdError", "PayloadTooLargeError", "TimeoutError", "createLogger",
    ]) expect(dtfx, name).toHaveProperty(name);
  });

  it("keeps engine internals out", () => {
    for (const name of [
      "execute", "executeEntityBatch", "batchEntityRequests", "chunkEntityRequests", "ENTITY_REQUEST_EVENT", "parseSchedulerState",
      "entityStatusOf", "uuidV5", "stringifyPayload", "parsePayload", "failureDetailsOf", "nextRetryDelayInMs", "EVENT_TYPES",
    ]) expect(dtfx, name).not.toHaveProperty(name);
  });

  it("errors keep a stable name", () => {
    expect(new dtfx.TimeoutError("t").name).toBe("TimeoutError");
    expect(new dtfx.InstanceExistsError("x").name).toBe("InstanceExistsError");
  });
});
