// The ceiling on this machine: raw Azurite rates with 16 concurrent callers (queue send, receive of 32,
// delete; table upsert and 100-row batch), so every other figure can be read as a fraction of it.
import { QueueClient } from "@azure/storage-queue";
import { TableClient } from "@azure/data-tables";
import type { ScenarioResult } from "./report.js";

const CALLERS = 16;

/** Operations a second for `seconds`, or until op says there is nothing left to do (returns false). */
async function rate(seconds: number, op: () => Promise<unknown>): Promise<number> {
  let done = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let exhausted = false;
  await Promise.all(Array.from({ length: CALLERS }, async () => {
    while (!exhausted && performance.now() < deadline) {
      if ((await op()) === false) exhausted = true;
      else done++;
    }
  }));
  return Math.round(done / ((performance.now() - started) / 1000));
}

export async function runAzuriteCeiling(connectionString: string, seconds = 3): Promise<ScenarioResult> {
  const queue = new QueueClient(connectionString, `ceiling-${Date.now()}`);
  await queue.create();
  const table = TableClient.fromConnectionString(connectionString, `Ceiling${Date.now()}`, { allowInsecureConnection: true });
  await table.createTable();
  const body = JSON.stringify({ payload: "x".repeat(500) });
  const sendPerSecond = await rate(seconds, () => queue.sendMessage(body));
  const received: { messageId: string; popReceipt: string }[] = [];
  const receivePerSecond = await rate(seconds, async () => {
    const response = await queue.receiveMessages({ numberOfMessages: 32, visibilityTimeout: 300 });
    if (response.receivedMessageItems.length === 0) return false;
    received.push(...response.receivedMessageItems);
  });
  const deletePerSecond = await rate(seconds, async () => {
    const message = received.pop();
    if (!message) return false;
    await queue.deleteMessage(message.messageId, message.popReceipt);
  });
  let n = 0;
  const upsertPerSecond = await rate(seconds, () => table.upsertEntity({ partitionKey: `p${n % 50}`, rowKey: `r${n++}`, Value: body }, "Replace"));
  let b = 0;
  const batchPerSecond = await rate(seconds, () => {
    const pk = `batch${b++}`;
    return table.submitTransaction(Array.from({ length: 100 }, (_, i) => ["upsert", { partitionKey: pk, rowKey: `r${i}`, Value: "v" }, "Replace"] as const) as never);
  });
  await queue.delete();
  await table.deleteTable();
  return { scenario: "azurite", callers: CALLERS, sendPerSecond, receive32PerSecond: receivePerSecond, deletePerSecond, upsertPerSecond, batch100PerSecond: batchPerSecond };
}
