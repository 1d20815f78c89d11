// The names of a task hub's queues, tables and containers: the original's, so Storage Explorer reads a hub
// the way Durable Functions users expect.
import { InvalidTaskHubNameError } from "../core/index.js";

const HUB_NAME = /^[A-Za-z][A-Za-z0-9]{2,44}$/;

/** Durable Functions' rule (3–45 letters and digits, starting with a letter) keeps every derived name valid. */
export function validateTaskHubName(name: unknown): asserts name is string {
  if (typeof name !== "string" || !HUB_NAME.test(name)) {
    throw new InvalidTaskHubNameError(
      `Invalid task hub name ${JSON.stringify(name)}: use 3 to 45 letters and digits, starting with a letter ` +
        `(queue, table and container names are derived from it)`,
    );
  }
}

export function validatePartitionCount(count: unknown): asserts count is number {
  if (typeof count !== "number" || !Number.isInteger(count) || count < 1 || count > 16) {
    throw new RangeError(`The partition count must be a whole number from 1 to 16, not ${String(count)}`);
  }
}

export const controlQueueName = (hub: string, partition: number) =>
  `${hub.toLowerCase()}-control-${partition.toString().padStart(2, "0")}`;
export const workItemQueueName = (hub: string) => `${hub.toLowerCase()}-workitems`;
export const poisonQueueName = (hub: string) => `${hub.toLowerCase()}-poison`;
export const historyTableName = (hub: string) => `${hub}History`;
export const instancesTableName = (hub: string) => `${hub}Instances`;
export const largeMessagesContainerName = (hub: string) => `${hub.toLowerCase()}-largemessages`;
export const leasesContainerName = (hub: string) => `${hub.toLowerCase()}-leases`;
