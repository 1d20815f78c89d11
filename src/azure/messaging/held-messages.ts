// Control-queue messages this worker holds (received, not yet deleted or given back) are locked for about a lease
// and renewed only while the worker may still serve their partition, so a held message never outlives its holder
// by more than that: after a crash it comes back about when the partition's lease does. The original locks them
// for 5 minutes and renews only while an episode runs (TaskOrchestrationDispatcher RenewUntil; reference §4).
import type { Logger } from "../../logging/logger.js";
import { errorCodeOf } from "./storage-errors.js";
import type { MessageSettler, ReceivedMessage } from "./task-queue.js";

export interface HeldMessagesOptions {
  /** How long each receive and each renewal locks a message. */
  visibilityTimeoutInMs: number;
  /** Asked before every renewal: false once this worker may no longer serve the messages' partition. */
  mayRenew(): boolean;
}

interface Hold {
  /** The message's own queue (its `queue` now points at this tracker's settler). */
  inner: MessageSettler;
  /** When the message's current lock ends (from the time its receive or renewal was sent). */
  lockedUntil: number;
  renewing?: Promise<unknown>;
}

export class HeldMessages {
  private readonly held = new Map<ReceivedMessage, Hold>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly options: HeldMessagesOptions,
    private readonly log: Logger,
  ) {}

  get size(): number {
    return this.held.size;
  }

  /**
   * Holds a message just received (its receive was sent at `lockedAt`): from now on it settles through this
   * tracker, which stops renewing it first, and it is renewed meanwhile.
   */
  hold(message: ReceivedMessage, lockedAt: number): void {
    this.held.set(message, { inner: message.queue, lockedUntil: lockedAt + this.options.visibilityTimeoutInMs });
    message.queue = new HeldMessageSettler(message.queue, () => this.letGo(message));
    this.timer ??= this.startTimer();
  }

  /** Makes every held message visible again at once (a stopping receiver's last receive). */
  async releaseAll(messages: ReceivedMessage[]): Promise<void> {
    await Promise.all(messages.map((m) => m.queue.updateVisibility(m, 0).catch(() => false)));
  }

  /** Renews the messages whose lock is at least half spent; called by the timer, and by tests. */
  async renewDue(now = Date.now()): Promise<void> {
    if (!this.options.mayRenew()) return;
    const half = this.options.visibilityTimeoutInMs / 2;
    const due = [...this.held].filter(([, hold]) => !hold.renewing && hold.lockedUntil - now <= half);
    await Promise.all(due.map(([message, hold]) => (hold.renewing = this.renew(message, hold))));
  }

  private async renew(message: ReceivedMessage, hold: Hold): Promise<void> {
    const sentAt = Date.now();
    try {
      const renewed = await hold.inner.updateVisibility(message, this.options.visibilityTimeoutInMs);
      if (renewed) hold.lockedUntil = sentAt + this.options.visibilityTimeoutInMs;
      else this.held.delete(message); // gone: someone else settled it
    } catch (error) {
      if (errorCodeOf(error) === "PopReceiptMismatch") {
        // Its lock ended before this renewal (a stalled process): it was delivered again, and that copy counts.
        this.held.delete(message);
        this.log.warn("MessageLockLost", { queue: message.queue.name, messageId: message.messageId });
      } else {
        this.log.error("MessageRenewFailed", error, { queue: message.queue.name, messageId: message.messageId });
      }
    } finally {
      hold.renewing = undefined;
    }
  }

  /** Stops renewing the message, waiting for a renewal under way (its pop receipt is needed to settle). */
  private async letGo(message: ReceivedMessage): Promise<void> {
    const hold = this.held.get(message);
    this.held.delete(message);
    if (this.held.size === 0) this.stopTimer();
    await hold?.renewing;
  }

  private startTimer(): NodeJS.Timeout {
    const every = Math.max(250, Math.min(5_000, this.options.visibilityTimeoutInMs / 4));
    const timer = setInterval(() => void this.renewDue(), every);
    timer.unref();
    return timer;
  }

  private stopTimer(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** A held message's queue: settling it first ends its renewals. */
class HeldMessageSettler implements MessageSettler {
  constructor(
    private readonly inner: MessageSettler,
    private readonly letGo: () => Promise<void>,
  ) {}

  get name(): string {
    return this.inner.name;
  }

  async delete(message: ReceivedMessage): Promise<void> {
    await this.letGo();
    await this.inner.delete(message);
  }

  async updateVisibility(message: ReceivedMessage, ms: number): Promise<boolean> {
    await this.letGo();
    return this.inner.updateVisibility(message, ms);
  }

  async abandon(message: ReceivedMessage): Promise<boolean> {
    await this.letGo();
    return this.inner.abandon(message);
  }
}
