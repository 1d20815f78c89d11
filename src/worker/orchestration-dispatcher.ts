// Takes orchestration work items (an instance's new messages with its history), runs one episode each
// through core, and hands the outcome to the backend to commit; a failure abandons the work item so its
// messages come back after a backoff.
import { randomUUID } from "node:crypto";
import type { EntityFunction, ExecuteOptions, HistoryEvent, Orchestrator, TaskMessage } from "../core/index.js";
import type { ActivityWorkItem, OrchestrationService, OrchestrationWorkItem } from "../backend/orchestration-service.js";
import { runEpisode, type EpisodeOutcome } from "./episode.js";
import { runEntityEpisode } from "./entity-episode.js";
import { runLocalActivities, type HandedOffActivity, type LocalActivityLimits, type LocalActivityRunner } from "./local-activities.js";
import type { NameRegistry } from "./registry.js";
import { DispatchLoop } from "./dispatch-loop.js";
import type { Logger } from "../logging/logger.js";

export interface OrchestrationDispatcherOptions {
  maxConcurrentOrchestrations: number;
  executeOptions: ExecuteOptions;
  /** Run scheduled activities in this worker before committing (undefined: always through the queue). */
  localActivities?: {
    runner: LocalActivityRunner;
    limits: LocalActivityLimits;
    /** Finishes a handed-off call: renews its work item while it runs, then completes it. */
    adopt(item: ActivityWorkItem, result: HandedOffActivity["result"]): void;
  };
}

export class OrchestrationDispatcher {
  private readonly loop: DispatchLoop<OrchestrationWorkItem>;
  /**
   * Histories this worker committed and whose input messages it then deleted. The backend hands a cached history
   * back as the same array, so an entity seeing one knows its previous batch cannot be delivered again.
   */
  private readonly confirmedHistories = new WeakSet<HistoryEvent[]>();

  constructor(
    private readonly service: OrchestrationService,
    private readonly orchestrators: NameRegistry<Orchestrator>,
    private readonly entities: NameRegistry<EntityFunction>,
    private readonly options: OrchestrationDispatcherOptions,
    private readonly log: Logger,
  ) {
    this.loop = new DispatchLoop({
      name: "Orchestration",
      capacity: options.maxConcurrentOrchestrations,
      receive: (stopSignal) => service.lockNextOrchestrationWorkItem(stopSignal),
      process: (item) => this.process(item),
      log,
    });
  }

  run(stopSignal: AbortSignal): Promise<void> {
    return this.loop.run(stopSignal);
  }

  drain(): Promise<void> {
    return this.loop.drain();
  }

  private async process(item: OrchestrationWorkItem): Promise<void> {
    const started = Date.now();
    try {
      const { outcome, handedOff } = item.instanceId.startsWith("@")
        ? { outcome: await this.entityEpisode(item), handedOff: [] }
        : await this.orchestrationEpisode(item);
      for (const { message, reason } of outcome.dropped) {
        this.log.info("MessageDropped", { instanceId: item.instanceId, eventType: message.event.eventType, reason });
      }
      const receipt = await this.service.completeOrchestrationWorkItem(item, outcome);
      this.adoptHandedOff(item.instanceId, handedOff, receipt?.heldActivities ?? []);
      if (outcome.commit) {
        this.confirmedHistories.add(outcome.commit.newEvents);
        this.log.info("EpisodeCommitted", {
          instanceId: item.instanceId,
          runtimeStatus: outcome.commit.state.runtimeStatus,
          events: outcome.commit.newEvents.length,
          ms: Date.now() - started,
        });
      }
    } catch (error) {
      if ((error as { retryImmediately?: boolean })?.retryImmediately) this.log.info("EpisodeRetried", { instanceId: item.instanceId });
      else this.log.error("EpisodeAbandoned", error, { instanceId: item.instanceId });
      await this.service.abandonOrchestrationWorkItem(item, error).catch((e) => this.log.error("AbandonFailed", e));
    }
  }

  /**
   * The handed-off calls go on under the work items the commit holds for them. A backend that could not hold them
   * sent them like any other: whoever receives one runs it, and the local result is not needed.
   */
  private adoptHandedOff(instanceId: string, handedOff: HandedOffActivity[], held: ActivityWorkItem[]): void {
    const adopt = this.options.localActivities?.adopt;
    if (handedOff.length === 0 || !adopt) return;
    handedOff.forEach((call, i) => {
      const workItem = held[i];
      if (workItem) adopt(workItem, call.result);
      else void call.result.catch(() => undefined);
    });
    this.log.info("ActivitiesHandedOff", { instanceId, count: handedOff.length, held: held.length });
  }

  private async orchestrationEpisode(item: OrchestrationWorkItem): Promise<{ outcome: EpisodeOutcome; handedOff: HandedOffActivity[] }> {
    const episode = (history: HistoryEvent[], messages: TaskMessage[]) =>
      runEpisode({
        instanceId: item.instanceId,
        history,
        messages,
        now: new Date(),
        resolveOrchestrator: (name) => this.orchestrators.get(name),
        newExecutionId: newId,
        executeOptions: this.options.executeOptions,
      });
    const outcome = episode(item.history, item.newMessages);
    const local = this.options.localActivities;
    if (!local) return { outcome, handedOff: [] };
    return runLocalActivities(outcome, item.history, local.runner, episode, local.limits);
  }

  private async entityEpisode(item: OrchestrationWorkItem): Promise<EpisodeOutcome> {
    const outcome = await runEntityEpisode({
      instanceId: item.instanceId,
      history: item.history,
      messages: item.newMessages,
      now: new Date(),
      resolveEntity: (name) => this.entities.get(name),
      newId,
      previousBatchConfirmed: this.confirmedHistories.has(item.history),
    });
    if (outcome.batch?.duplicates) this.log.info("EntityDuplicatesSkipped", { instanceId: item.instanceId, count: outcome.batch.duplicates });
    return outcome;
  }
}

const newId = () => randomUUID().replaceAll("-", "");
