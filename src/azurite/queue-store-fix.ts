// A fix for the emulator, not for dtfx: Azurite's queue store (LokiQueueMetadataStore, azurite 3.35) clears expired
// messages before every receive, peek, visibility update and delete, and removes the list it found, usually empty, with
// LokiJS's batch remove. That path rebuilds each of the messages collection's four binary indices with a full
// sort even for an empty batch (lokijs 1.5.12, Collection.removeBatchByPositions). So every queue operation cost
// O(N log N) in all the messages stored in the emulator: a fan-out that leaves 1,000 calls on the work-item queue
// made Azurite, not the workers, the bottleneck. Removing only when something expired keeps the emulator's
// behaviour exactly and its cost per operation linear. Patched once per process, on the class Azurite exports.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

interface LokiCollection {
  chain(): { find(query: object): { data(): object[] } };
  remove(docs: object[]): void;
}

interface QueueMetadataStore {
  db: { getCollection(name: string): LokiCollection };
  MESSAGES_COLLECTION: string;
  checkQueueExist(account: string, queue: string, context?: unknown): void;
  clearExpiredMessages(account: string, queue: string, context?: unknown): Promise<void>;
}

const PATCHED = Symbol.for("dtfx.azurite.clearExpiredMessagesOnlyWhenExpired");

export function fixAzuriteQueueStore(): void {
  const storeClass = (require("azurite/dist/src/queue/persistence/LokiQueueMetadataStore") as {
    default: { prototype: QueueMetadataStore & { [PATCHED]?: true } };
  }).default;
  const prototype = storeClass.prototype;
  if (prototype[PATCHED] || typeof prototype.clearExpiredMessages !== "function") return;
  prototype.clearExpiredMessages = async function (this: QueueMetadataStore, account, queue, context) {
    this.checkQueueExist(account, queue, context);
    const messages = this.db.getCollection(this.MESSAGES_COLLECTION);
    const expired = messages
      .chain()
      .find({ accountName: account, queueName: queue, expirationTime: { $lte: Date.now() } })
      .data();
    if (expired.length > 0) messages.remove(expired);
  };
  prototype[PATCHED] = true;
}
