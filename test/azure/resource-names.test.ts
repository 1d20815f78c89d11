import { describe, it, expect } from "vitest";
import { InvalidTaskHubNameError } from "../../src/core/errors.js";
import {
  controlQueueName,
  historyTableName,
  instancesTableName,
  largeMessagesContainerName,
  leasesContainerName,
  poisonContainerName,
  taskHubResourceNames,
  validatePartitionCount,
  validateTaskHubName,
  workItemQueueName,
} from "../../src/azure/resource-names.js";

describe("resource names", () => {
  it("derives the original's names from the hub name", () => {
    expect(controlQueueName("MyHub", 0)).toBe("myhub-control-00");
    expect(controlQueueName("MyHub", 15)).toBe("myhub-control-15");
    expect(workItemQueueName("MyHub")).toBe("myhub-workitems");
    expect(poisonContainerName("MyHub")).toBe("myhub-poison");
    expect(historyTableName("MyHub")).toBe("MyHubHistory");
    expect(instancesTableName("MyHub")).toBe("MyHubInstances");
    expect(largeMessagesContainerName("MyHub")).toBe("myhub-largemessages");
    expect(leasesContainerName("MyHub")).toBe("myhub-leases");
  });

  it("lists every resource of a hub", () => {
    expect(taskHubResourceNames("Demo", 2)).toEqual({
      controlQueues: ["demo-control-00", "demo-control-01"],
      workItemQueue: "demo-workitems",
      historyTable: "DemoHistory",
      instancesTable: "DemoInstances",
      largeMessagesContainer: "demo-largemessages",
      leasesContainer: "demo-leases",
      poisonContainer: "demo-poison",
    });
  });

  it.each(["abc", "A12", "MyHub", "x".repeat(45), "TestHubName2"])("accepts %j", (name) => {
    expect(() => validateTaskHubName(name)).not.toThrow();
  });

  it.each([
    "", "ab", "x".repeat(46), "1hub", "my-hub", "my_hub", "hub name", "hüb", "hub!", undefined, 42, null,
  ])("refuses %j with a reason", (name) => {
    expect(() => validateTaskHubName(name)).toThrow(InvalidTaskHubNameError);
    expect(() => validateTaskHubName(name)).toThrow(/3 to 45 letters and digits, starting with a letter/);
  });

  it("refuses partition counts outside 1–16", () => {
    for (const ok of [1, 4, 16]) expect(() => validatePartitionCount(ok)).not.toThrow();
    for (const bad of [0, 17, -1, 2.5, Number.NaN, "4", undefined]) {
      expect(() => validatePartitionCount(bad)).toThrow(RangeError);
    }
    expect(() => taskHubResourceNames("Demo", 17)).toThrow(RangeError);
    expect(() => taskHubResourceNames("x", 4)).toThrow(InvalidTaskHubNameError);
  });

  it("derives names Azure accepts: queues and containers 3–63 lower-case, tables 3–63 alphanumeric", () => {
    const names = taskHubResourceNames("A".repeat(45), 16);
    for (const name of [...names.controlQueues, names.workItemQueue, names.poisonContainer, names.largeMessagesContainer, names.leasesContainer]) {
      expect(name).toMatch(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/);
    }
    for (const name of [names.historyTable, names.instancesTable]) expect(name).toMatch(/^[A-Za-z][A-Za-z0-9]{2,62}$/);
  });
});
