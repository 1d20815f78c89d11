// One queue message holding a batch of envelopes (see encodeMessageBatch) is handed out as one message per
// envelope, so each instance's episode settles its own message as usual. The queue message itself is settled
// once every member is: deleted when all were processed, otherwise made visible again (at the soonest time a
// member asked for), so the members not processed come back. Members processed meanwhile come back too; they
// are starts of instances that already run, which the worker drops as duplicates.
import { abandonBackoffInSeconds } from "./queue-timing.js";
import type { MessageSettler, ReceivedMessage } from "./task-queue.js";

/** The messages a received queue message stands for: itself, or one per envelope of its batch. */
export function splitBatch(message: ReceivedMessage): ReceivedMessage[] {
  if (!message.batch) return [message];
  const shared = new SharedMessage(message, message.batch.length);
  return message.batch.map((data) => ({ ...message, batch: undefined, data, queue: shared }));
}

class SharedMessage implements MessageSettler {
  private unsettled: number;
  private readonly settled = new WeakSet<ReceivedMessage>();
  /** The soonest a member asked to come back; undefined while every settled member was processed. */
  private comeBackInMs?: number;

  constructor(
    private readonly message: ReceivedMessage,
    memberCount: number,
  ) {
    this.unsettled = memberCount;
  }

  get name(): string {
    return this.message.queue.name;
  }

  async delete(member: ReceivedMessage): Promise<void> {
    await this.settle(member, undefined);
  }

  async updateVisibility(member: ReceivedMessage, ms: number): Promise<boolean> {
    await this.settle(member, ms);
    return true;
  }

  async abandon(member: ReceivedMessage): Promise<boolean> {
    await this.settle(member, abandonBackoffInSeconds(this.message.dequeueCount) * 1000);
    return true;
  }

  /** The last member to settle settles the queue message, and waits for it; the others return at once. */
  private async settle(member: ReceivedMessage, comeBackInMs: number | undefined): Promise<void> {
    if (this.settled.has(member)) return;
    this.settled.add(member);
    if (comeBackInMs !== undefined) this.comeBackInMs = Math.min(this.comeBackInMs ?? Infinity, comeBackInMs);
    if (--this.unsettled > 0) return;
    const queue = this.message.queue;
    if (this.comeBackInMs === undefined) await queue.delete(this.message);
    else await queue.updateVisibility(this.message, this.comeBackInMs);
  }
}
