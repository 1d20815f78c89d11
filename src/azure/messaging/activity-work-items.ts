// The activity side of the Azure Storage backend: work items from the shared work-item queue; a result goes
// to the instance's control queue before the work item is deleted, so a crash between the two re-runs the
// activity (at least once) and the duplicate result is dropped on replay.
import type { TaskMessage } from "../../core/index.js";
import type { ActivityWorkItem } from "../../backend/orchestration-service.js";
import { faultPoint } from "../fault-points.js";
import type { MessageRouter } from "./message-router.js";
import type { ReceivedMessage, SendOptions } from "./task-queue.js";
import type { WorkItemReceiver } from "./work-item-receiver.js";

export class ActivityWorkItems {
  private readonly locked = new Map<string, ReceivedMessage>();

  constructor(
    private readonly receiver: WorkItemReceiver,
    private readonly router: MessageRouter,
    private readonly visibilityTimeoutInMs: number,
  ) {}

  async lockNext(abortSignal: AbortSignal): Promise<ActivityWorkItem | undefined> {
    const message = await this.receiver.take(abortSignal);
    if (!message) return undefined;
    // As if the worker died while the activity ran: it has the message, and nothing was reported.
    faultPoint("activity.running");
    return this.lock(message, message.lockedAt ?? Date.now());
  }

  /** Sends a call this worker already runs (handed off by an episode) and holds it like a received work item. */
  async sendHeld(taskMessage: TaskMessage, from: Pick<SendOptions, "sender" | "episode"> = {}): Promise<ActivityWorkItem> {
    const lockedAt = Date.now();
    const message = await this.router.toActivityHeld(taskMessage, this.visibilityTimeoutInMs, from);
    return this.lock(message, lockedAt);
  }

  /** Stops holding a work item without settling it: it comes back when its lock ends. */
  forget(workItem: ActivityWorkItem): void {
    this.locked.delete(workItem.id);
  }

  private lock(message: ReceivedMessage, lockedAt: number): ActivityWorkItem {
    const id = `${message.messageId}:${message.dequeueCount}`;
    this.locked.set(id, message);
    const lockedUntil = new Date(lockedAt + this.visibilityTimeoutInMs);
    return { id, message: message.data!.taskMessage, dequeueCount: message.dequeueCount, lockedUntil };
  }

  async complete(workItem: ActivityWorkItem, response: TaskMessage): Promise<void> {
    const message = this.messageOf(workItem);
    // As if the worker died while a handed-off call ran (it was sent, never received): its result is not sent.
    if (message.dequeueCount === 0) faultPoint("activity.handedOffRunning");
    // As the original's ActivitySession: the requester as Sender, its episode or -1 (AS`Messaging/ActivitySession.cs:27-30`).
    const request = message.data!;
    await this.router.toInstance(response, { sender: request.taskMessage.orchestrationInstance, episode: request.episode ?? -1 });
    faultPoint("activity.afterResultSent");
    await message.queue.delete(message);
    this.locked.delete(workItem.id);
  }

  async abandon(workItem: ActivityWorkItem, options: { immediately?: boolean } = {}): Promise<void> {
    const message = this.messageOf(workItem);
    this.locked.delete(workItem.id);
    if (options.immediately) await message.queue.updateVisibility(message, 0);
    else await message.queue.abandon(message);
  }

  async renew(workItem: ActivityWorkItem): Promise<void> {
    const message = this.messageOf(workItem);
    const sentAt = Date.now();
    if (await message.queue.updateVisibility(message, this.visibilityTimeoutInMs)) {
      workItem.lockedUntil = new Date(sentAt + this.visibilityTimeoutInMs);
    }
  }

  private messageOf(workItem: ActivityWorkItem): ReceivedMessage {
    const message = this.locked.get(workItem.id);
    if (!message) throw new Error(`Activity work item ${workItem.id} is not locked`);
    return message;
  }
}
