// Ids that could not be stored safely are refused up front; and whatever id reaches storage (an entity key, a
// message to an id nobody validated), its blobs stay inside the hub's large-messages container and its own folder.
// Purge deletes blobs before rows, so a purge that fails halfway can be run again and finishes.
import { BlobServiceClient, type ContainerClient } from "@azure/storage-blob";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { largeMessagesContainerName, leasesContainerName } from "../../src/azure/resource-names.js";
import { ESCAPED_FOLDER_PREFIX } from "../../src/azure/storage/blob-names.js";
import { EntityId, InvalidInstanceIdError, type EntityContext, type OrchestrationContext } from "../../src/core/index.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";

let hub: TestHub;
let largeMessages: ContainerClient;
let leases: ContainerClient;
const BIG = "y".repeat(50 * 1024); // over the queue message limit, so it spills to a blob

beforeAll(async () => {
  hub = await startTestHub((worker) => {
    worker
      .addOrchestrator("Echo", function* (_ctx: OrchestrationContext, input: string) {
        return input.length;
      })
      .addOrchestrator("Parent", function* (ctx: OrchestrationContext, childId: string) {
        return yield ctx.callSubOrchestrator("Echo", "x", { instanceId: childId });
      })
      .addEntity("Box", (ctx: EntityContext<number>) => {
        if (ctx.operationName === "set") ctx.setState(ctx.getInput<string>().length);
      });
  });
  const hubName = hub.service.options.taskHubName;
  const blobs = BlobServiceClient.fromConnectionString(hub.azurite.connectionString);
  largeMessages = blobs.getContainerClient(largeMessagesContainerName(hubName));
  leases = blobs.getContainerClient(leasesContainerName(hubName));
});

afterAll(async () => {
  await hub?.stop();
});

async function names(container: ContainerClient, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const blob of container.listBlobsFlat({ prefix })) out.push(blob.name);
  return out;
}

describe("refused up front", () => {
  it.each([
    ["../probehub-leases/evil", /path segment/],
    ["a/../b", /path segment/],
    ["ctl\u0001x", /control characters/],
    ["esc\u001b[2J", /control characters/],
    ["line\u2028sep", /U\+2028/],
    ["@box@orchestration", /'@'/],
  ])("scheduleNewOrchestration refuses %j with InvalidInstanceIdError naming the rule, writing nothing", async (id, rule) => {
    const attempt = hub.client.scheduleNewOrchestration("Echo", BIG, { instanceId: id });
    await expect(attempt).rejects.toBeInstanceOf(InvalidInstanceIdError);
    await expect(hub.client.scheduleNewOrchestration("Echo", BIG, { instanceId: id })).rejects.toThrow(rule);
    expect(await hub.client.getOrchestrationState(id)).toBeUndefined();
  });

  it("a sub-orchestration id that breaks the rule fails the parent with InvalidInstanceIdError", async () => {
    for (const [parentId, childId] of [["parent-at", "@box@child"], ["parent-dots", "../child"]] as const) {
      await hub.client.scheduleNewOrchestration("Parent", childId, { instanceId: parentId });
      const state = await hub.client.waitForOrchestrationCompletion(parentId, { timeoutInMs: 20_000 });
      expect(state.runtimeStatus).toBe("Failed");
      expect(state.failureDetails?.errorType).toBe("InvalidInstanceIdError");
      expect(await hub.client.getOrchestrationState(childId.replace("../", "x"))).toBeUndefined();
    }
  });
});

describe("blobs stay inside their container and folder", () => {
  it("a large message to '../{hub}-leases/evil' lands in the hub's large-messages container, under an escaped folder", async () => {
    const before = await names(leases);
    await hub.client.raiseEvent("../" + leases.containerName + "/evil", "E", BIG);
    expect(await names(leases)).toEqual(before);
    const escaped = await names(largeMessages, ESCAPED_FOLDER_PREFIX);
    expect(escaped.some((name) => name.endsWith("-EventRaised.json.gz"))).toBe(true);
    expect(await names(largeMessages, "evil/")).toEqual([]);
  });

  it("a large message to 'a/../b' does not land in instance b's folder", async () => {
    await hub.client.raiseEvent("a/../b", "E", BIG);
    expect(await names(largeMessages, "b/")).toEqual([]);
    expect(await names(largeMessages, "a/")).toEqual([]);
  });

  it("an entity whose key walks up ('../../x') keeps its spilled signal in its own escaped folder; purge removes it", async () => {
    const entity = new EntityId("Box", "../../x");
    await hub.client.signalEntity(entity, "set", BIG);
    for (let i = 0; i < 100 && (await hub.client.getEntity(entity))?.state !== BIG.length; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await hub.client.getEntity<number>(entity))?.state).toBe(BIG.length);
    const all = await names(largeMessages);
    expect(all.filter((name) => name.includes(".."))).toEqual([]);
    const before = (await names(largeMessages, ESCAPED_FOLDER_PREFIX)).length;
    expect((await hub.client.purgeOrchestration(entity.toString())).deletedInstanceCount).toBe(1);
    expect((await names(largeMessages, ESCAPED_FOLDER_PREFIX)).length).toBeLessThan(before);
  });
});

describe("purge", () => {
  it("deletes blobs before rows: a purge that fails on a blob leaves the instance findable, and a second run finishes", async () => {
    const id = "purge-again";
    await hub.client.scheduleNewOrchestration("Echo", BIG, { instanceId: id });
    expect((await hub.client.waitForOrchestrationCompletion(id, { timeoutInMs: 20_000 })).output).toBe(BIG.length);
    const [blobName] = await names(largeMessages, `${id}/`);
    expect(blobName).toBeDefined();
    // A leased blob cannot be deleted without the lease id: the purge fails there.
    const lease = largeMessages.getBlobClient(blobName!).getBlobLeaseClient();
    await lease.acquireLease(-1);
    await expect(hub.client.purgeOrchestration(id)).rejects.toMatchObject({ statusCode: 412 });
    expect((await hub.client.getOrchestrationState(id, { fetchPayloads: false }))?.runtimeStatus).toBe("Completed");
    await lease.releaseLease();
    expect((await hub.client.purgeOrchestration(id)).deletedInstanceCount).toBe(1);
    expect(await hub.client.getOrchestrationState(id)).toBeUndefined();
    expect(await names(largeMessages, `${id}/`)).toEqual([]);
  });
});
