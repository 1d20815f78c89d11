// Takes orchestration work items (an instance's new messages with its history), runs one episode each
// through core, and hands the outcome to the backend to commit; a failure abandons the work item so its
// messages come back after a backoff.
import type { EntityFunction, ExecuteOptions, HistoryEvent, Orchestrator, TaskMessage } from "../core/index.js";
import type { ActivityWorkItem, OrchestrationService, OrchestrationWorkItem } from "../backend/orchestration-service.js";
import { runEpisode, type EpisodeOutcome } from "./episode.js";
import { runEntityEpisode } from "./entity-episode.js";
import { runLocalActivities, type HandedOffActivity, type LocalActivityLimits, type LocalActivityRunner } from "./local-activities.js";
import type { NameRegistry } from "./registry.js";
import { DispatchLoop } from "./dispatch-loop.js";
import { newId as newExecutionId } from "../backend/new-id.js";
import type { Logger } from "../logging/logger.js";
import { emitEpisodeSpans, stampEpisodeTraceContext } from "../telemetry/orchestration-tracing.js";
import { emitEntityOperationSpans } from "../telemetry/entity-tracing.js";
import { workerMetrics } from "../telemetry/worker-metrics.js";
import { VersionMismatchError, type VersioningOptions } from "./versioning.js";
import { harmlessDropExplanation } from "./dropped-message-explanation.js";

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
  versioning?: VersioningOptions;
  includeParameters?: boolean;
  batchEntityRequests?: boolean;
}

export class OrchestrationDispatcher {
  private readonly loop: DispatchLoop<OrchestrationWorkItem>;

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
        ? { outcome: await this.entityEpisode(item), handedOff: [] as HandedOffActivity[] }
        : await this.orchestrationEpisode(item);
      if (outcome.rejected !== undefined) return await this.reject(item, outcome.rejected);
      for (const { message, reason } of outcome.dropped) {
        const fields = { instanceId: item.instanceId, eventType: message.event.eventType, reason };
        const harmless = harmlessDropExplanation(message, reason);
        if (harmless) this.log.debug("MessageDropped", { ...fields, harmless });
        else this.log.info("MessageDropped", fields);
      }
      const completion = await this.service.completeOrchestrationWorkItem(item, outcome);
      if (completion.kind === "retry") {
        // Not a failure: the backend gave the messages back to run again at once (handed-off calls go on there).
        for (const call of handedOff) void call.result.catch(() => undefined);
        this.log.info("EpisodeRetried", { instanceId: item.instanceId, reason: completion.reason });
      } else if (outcome.commit) {
        if (item.instanceId.startsWith("@")) emitEntityOperationSpans(item.instanceId, item.newMessages, new Date());
        else emitEpisodeSpans(outcome.commit, item.history, new Date());
        workerMetrics().episodeCommitted(outcome.commit, Date.now() - started);
        this.adoptHandedOff(item.instanceId, handedOff, completion.heldActivities ?? []);
        this.log.info("EpisodeCommitted", {
          instanceId: item.instanceId,
          executionId: outcome.commit.executionId,
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

  /** The versioning rejects the instance: its messages go back (with the usual backoff) for a worker that matches. */
  private async reject(item: OrchestrationWorkItem, reason: string): Promise<void> {
    this.log.info("EpisodeRejected", { instanceId: item.instanceId, reason });
    await this.service.abandonOrchestrationWorkItem(item, new VersionMismatchError(reason));
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
    const episode = (history: HistoryEvent[], messages: TaskMessage[]) => {
      const now = item.now ?? new Date();
      const outcome = runEpisode({
        instanceId: item.instanceId,
        history,
        messages,
        now,
        resolveOrchestrator: (name) => this.orchestrators.get(name),
        newExecutionId,
        executeOptions: this.options.executeOptions,
        versioning: this.options.versioning,
        includeParameters: this.options.includeParameters,
        batchEntityRequests: this.options.batchEntityRequests,
      });
      stampEpisodeTraceContext(outcome.commit, history, now);
      return outcome;
    };
    const outcome = episode(item.history, item.newMessages);
    const local = this.options.localActivities;
    if (!local || outcome.rejected) return { outcome, handedOff: [] };
    return runLocalActivities(outcome, item.history, local.runner, episode, local.limits);
  }

  private async entityEpisode(item: OrchestrationWorkItem): Promise<EpisodeOutcome> {
    const outcome = await runEntityEpisode({
      instanceId: item.instanceId,
      history: item.history,
      messages: item.newMessages,
      now: item.now ?? new Date(),
      resolveEntity: (name) => this.entities.get(name),
      batchEntityRequests: this.options.batchEntityRequests,
      newId: newExecutionId,
      previousBatchConfirmed: item.previousEpisodeConfirmed === true,
    });
    if (outcome.batch?.duplicates) this.log.info("EntityDuplicatesSkipped", { instanceId: item.instanceId, count: outcome.batch.duplicates });
    return outcome;
  }
}
