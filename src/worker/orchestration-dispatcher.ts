// Takes orchestration work items (an instance's new messages with its history), runs one episode each
// through core, and hands the outcome to the backend to commit; a failure abandons the work item so its
// messages come back after a backoff.
import { randomUUID } from "node:crypto";
import type { ExecuteOptions, Orchestrator } from "../core/index.js";
import type { OrchestrationService, OrchestrationWorkItem } from "../backend/orchestration-service.js";
import { runEpisode } from "./episode.js";
import type { NameRegistry } from "./registry.js";
import { Slots } from "./slots.js";
import type { Logger } from "../logging/logger.js";

export interface OrchestrationDispatcherOptions {
  maxConcurrentOrchestrations: number;
  executeOptions: ExecuteOptions;
}

export class OrchestrationDispatcher {
  private readonly slots: Slots;
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly service: OrchestrationService,
    private readonly orchestrators: NameRegistry<Orchestrator>,
    private readonly options: OrchestrationDispatcherOptions,
    private readonly log: Logger,
  ) {
    this.slots = new Slots(options.maxConcurrentOrchestrations);
  }

  async run(stopSignal: AbortSignal): Promise<void> {
    while (!stopSignal.aborted) {
      await this.slots.acquire();
      let item: OrchestrationWorkItem | undefined;
      try {
        item = await this.service.lockNextOrchestrationWorkItem(stopSignal);
      } catch (error) {
        if (!stopSignal.aborted) this.log.error("OrchestrationReceiveFailed", error);
      }
      if (!item) {
        this.slots.release();
        continue;
      }
      const done = this.process(item).finally(() => {
        this.slots.release();
        this.running.delete(done);
      });
      this.running.add(done);
    }
  }

  async drain(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private async process(item: OrchestrationWorkItem): Promise<void> {
    const started = Date.now();
    try {
      const outcome = runEpisode({
        instanceId: item.instanceId,
        history: item.history,
        messages: item.newMessages,
        now: new Date(),
        resolveOrchestrator: (name) => this.orchestrators.get(name),
        newExecutionId: () => randomUUID().replaceAll("-", ""),
        executeOptions: this.options.executeOptions,
      });
      for (const { message, reason } of outcome.dropped) {
        this.log.info("MessageDropped", { instanceId: item.instanceId, eventType: message.event.eventType, reason });
      }
      await this.service.completeOrchestrationWorkItem(item, outcome);
      if (outcome.commit) {
        this.log.info("EpisodeCommitted", {
          instanceId: item.instanceId,
          runtimeStatus: outcome.commit.state.runtimeStatus,
          events: outcome.commit.newEvents.length,
          ms: Date.now() - started,
        });
      }
    } catch (error) {
      this.log.error("EpisodeAbandoned", error, { instanceId: item.instanceId });
      await this.service.abandonOrchestrationWorkItem(item, error).catch((e) => this.log.error("AbandonFailed", e));
    }
  }
}
