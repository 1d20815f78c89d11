// Hosts orchestrators and activities on a backend: registers them by name, runs the two dispatchers, and
// stops gracefully (stop receiving, let in-flight work finish up to a timeout, then give the rest back).
import type {
  EntityContext,
  EntityFunction,
  OrchestrationContext,
  Orchestrator,
  OrchestratorGenerator,
  TaskMessage,
} from "../core/index.js";
import type { OrchestrationService } from "../backend/orchestration-service.js";
import { ActivityDispatcher, type Activity } from "./activity-dispatcher.js";
import { resolveWorkerOptions, type ResolvedWorkerOptions, type TaskHubWorkerOptions } from "./worker-options.js";
import type { LocalActivityLimits, LocalActivityRunner } from "./local-activities.js";
import { ActivitySlots } from "./activity-slots.js";
import { runActivity } from "./run-activity.js";
import { OrchestrationDispatcher } from "./orchestration-dispatcher.js";
import { NameRegistry } from "./registry.js";
import { createLogger, type Logger } from "../logging/logger.js";

export type { TaskHubWorkerOptions } from "./worker-options.js";

export class TaskHubWorker {
  private readonly orchestrators = new NameRegistry<Orchestrator>("orchestrator");
  private readonly activities = new NameRegistry<Activity>("activity");
  private readonly entities = new NameRegistry<EntityFunction>("entity");
  private readonly log: Logger;
  private readonly resolved: ResolvedWorkerOptions;
  private running?: {
    stop: AbortController;
    abortActivities: AbortController;
    orchestrations: OrchestrationDispatcher;
    activities: ActivityDispatcher;
    loops: Promise<unknown>;
  };
  private stopping?: Promise<void>;

  constructor(
    readonly service: OrchestrationService,
    options: TaskHubWorkerOptions = {},
  ) {
    this.log = options.log ?? createLogger();
    this.resolved = resolveWorkerOptions(options);
  }

  /** Registers a generator orchestrator (`function* (ctx, input) { … yield ctx.callActivity(…) … }`). */
  addOrchestrator<TIn = any, TOut = any>(
    name: string,
    orchestrator: (ctx: OrchestrationContext, input: TIn) => OrchestratorGenerator<TOut>,
  ): this;
  /** Registers an orchestrator that returns at once (no durable steps). */
  addOrchestrator<TIn = any, TOut = any>(name: string, orchestrator: (ctx: OrchestrationContext, input: TIn) => TOut): this;
  addOrchestrator(name: string, orchestrator: Orchestrator): this {
    this.orchestrators.add(name, orchestrator);
    return this;
  }

  addActivity<TIn = any, TOut = any>(name: string, activity: Activity<TIn, TOut>): this {
    this.activities.add(name, activity as Activity);
    return this;
  }

  /** Registers an entity; names match case-insensitively (entity ids keep them lower-cased). */
  addEntity<S = any>(name: string, entity: (ctx: EntityContext<S>) => void | Promise<void>): this {
    if (name.includes("@")) throw new TypeError(`An entity name cannot contain '@': ${JSON.stringify(name)}`);
    this.entities.add(name, entity as EntityFunction);
    return this;
  }

  /** The names registered so far, as given. */
  get registeredNames(): { orchestrators: string[]; activities: string[]; entities: string[] } {
    return { orchestrators: this.orchestrators.names, activities: this.activities.names, entities: this.entities.names };
  }

  private localActivities(abortSignal: AbortSignal, slots: ActivitySlots, dispatcher: ActivityDispatcher) {
    const limits = this.resolved.localActivities;
    if (!limits) return undefined;
    const runner: LocalActivityRunner = {
      isRegistered: (name: string) => this.activities.get(name) !== undefined,
      tryAcquireSlots: (count) => slots.tryAcquire(count),
      releaseSlot: () => slots.release(),
      run: (message: TaskMessage) => runActivity(this.activities, message, abortSignal, this.log),
    };
    return { runner, limits, adopt: dispatcher.adopt.bind(dispatcher) };
  }

  get isRunning(): boolean {
    return this.running !== undefined && !this.stopping;
  }

  async start(): Promise<void> {
    if (this.running) throw new Error("The worker is already started");
    await this.service.createIfNotExists();
    const stop = new AbortController();
    const abortActivities = new AbortController();
    const slots = new ActivitySlots(this.resolved.maxConcurrentActivities);
    const activities = new ActivityDispatcher(
      this.service,
      this.activities,
      slots,
      { renewIntervalInMs: this.resolved.activityRenewIntervalInMs },
      this.log,
    );
    const orchestrations = new OrchestrationDispatcher(
      this.service,
      this.orchestrators,
      this.entities,
      {
        maxConcurrentOrchestrations: this.resolved.maxConcurrentOrchestrations,
        executeOptions: {
          maxTimerIntervalInMs: this.resolved.maxTimerIntervalInMs,
          defaultSubOrchestrationVersion: this.resolved.versioning?.defaultVersion,
        },
        localActivities: this.localActivities(abortActivities.signal, slots, activities),
        versioning: this.resolved.versioning,
        includeParameters: this.resolved.includeParameters,
        batchEntityRequests: this.resolved.batchEntityRequests,
      },
      this.log,
    );
    await this.service.startReceiving();
    const loops = Promise.all([orchestrations.run(stop.signal), activities.run(stop.signal, abortActivities.signal)]);
    this.running = { stop, abortActivities, orchestrations, activities, loops };
    this.log.info("WorkerStarted", this.registeredNames);
  }

  /** Stops receiving, lets in-flight work finish for up to `timeoutInMs`, then abandons what is left. */
  stop(options: { timeoutInMs?: number } = {}): Promise<void> {
    if (!this.running) return Promise.resolve();
    this.stopping ??= this.stopRunning(this.running, options.timeoutInMs ?? 30_000);
    return this.stopping;
  }

  private async stopRunning(running: NonNullable<TaskHubWorker["running"]>, timeoutInMs: number): Promise<void> {
    running.stop.abort();
    await running.loops;
    // Episodes first: one may hand activities off to the activity dispatcher as it commits.
    const drained = running.orchestrations.drain().then(() => running.activities.drain());
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutInMs)));
    if ((await Promise.race([drained, timedOut])) === "timeout") {
      running.abortActivities.abort();
      await drained;
    }
    clearTimeout(timer);
    // Only now give the partitions up: in-flight episodes above could still commit while they were ours.
    await this.service.stopReceiving();
    this.log.info("WorkerStopped", {});
  }
}
