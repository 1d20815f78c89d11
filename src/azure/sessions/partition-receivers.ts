// This process's control-queue receivers, one per partition: a partition gained is received from (once any release
// of it under way is over), and a partition lost stops its receiver, forgets what this process knew of its
// instances and makes the messages it had received but not processed visible again at once for the new owner.
import type { ControlQueueReceiver } from "../messaging/control-queue-receiver.js";
import type { ReceivedMessage } from "../messaging/task-queue.js";

export class PartitionReceivers {
  /** The latest release of each partition being given up; each waits for the one before it. */
  private readonly releases = new Map<number, Promise<void>>();

  constructor(
    private readonly receivers: readonly ControlQueueReceiver[],
    private readonly owns: (partition: number) => boolean,
    /** Forgets the partition's instances and returns the messages received for them but not processed. */
    private readonly forget: (partition: number) => ReceivedMessage[],
  ) {}

  acquired(partition: number): void {
    void (this.releases.get(partition) ?? Promise.resolve()).then(() => {
      if (this.owns(partition)) this.receivers[partition]!.start();
    });
  }

  lost(partition: number): void {
    const previous = this.releases.get(partition) ?? Promise.resolve();
    const release: Promise<void> = previous
      .then(async () => {
        await this.receivers[partition]!.stop();
        const unprocessed = this.forget(partition);
        await Promise.all(unprocessed.map((m) => m.queue.updateVisibility(m, 0).catch(() => false)));
      })
      .finally(() => {
        if (this.releases.get(partition) === release) this.releases.delete(partition);
      });
    this.releases.set(partition, release);
  }

  isReleasing(partition: number): boolean {
    return this.releases.has(partition);
  }

  /** Resolves once every release under way is over. */
  async released(): Promise<void> {
    await Promise.all(this.releases.values());
  }

  wake(partition: number): void {
    this.receivers[partition]?.wake();
  }

  wakeAll(): void {
    this.receivers.forEach((receiver) => receiver.wake());
  }
}
