// What the worker and the client need from a storage backend. Types only: the Azure Storage implementation
// lives in src/azure, and a conformance suite can run any implementation against the same tests.
import type {
  FailureDetails,
  HistoryEvent,
  OrchestrationRuntimeStatus,
  TaskMessage,
} from "../core/index.js";

/** One instance's turn: the messages that arrived for it and the history they apply to. */
export interface OrchestrationWorkItem {
  instanceId: string;
  /** The recorded history of the instance's current execution ([] for a new instance). */
  history: HistoryEvent[];
  /** Messages received for this instance, in arrival order. */
  newMessages: TaskMessage[];
}

/** The status columns of an instance, as the worker knows them after an episode. Payloads are JSON text. */
export interface InstanceStatusUpdate {
  name: string;
  version?: string;
  executionId: string;
  runtimeStatus: OrchestrationRuntimeStatus;
  input?: string;
  output?: string;
  customStatus?: string;
  failureDetails?: FailureDetails;
  createdTime: Date;
  lastUpdatedTime: Date;
  completedTime?: Date;
  scheduledStartTime?: Date;
  tags?: Record<string, string>;
}

export interface CreateOrchestrationOptions {
  /** An existing instance in one of these statuses refuses the start (default: any status but a terminal one). */
  dedupeStatuses?: OrchestrationRuntimeStatus[];
  /**
   * The caller generated the instance id just now (a random UUID), so no instance can have it: the backend may
   * skip the read that looks for one.
   */
  instanceIdIsNew?: boolean;
}

/** Everything one episode decided; the backend commits it crash-safely (messages, history, status, inputs). */
export interface OrchestrationEpisodeCommit {
  /** Events appended to the history. With `isNewExecution` they replace the history from its first row. */
  newEvents: HistoryEvent[];
  isNewExecution: boolean;
  executionId: string;
  /** TaskScheduled messages for the activity dispatcher. */
  activityMessages: TaskMessage[];
  /**
   * Those of `activityMessages` this worker is already running (handed off by the local-activity budget): sent
   * invisible and held by this worker as activity work items (returned by the commit), so that they reach another
   * worker only if this one dies. A backend that cannot hold them sends them like the others.
   */
  heldActivityMessages?: TaskMessage[];
  /** TimerFired messages to this instance, delivered at their `fireAt`. */
  timerMessages: TaskMessage[];
  /** Messages to orchestration instances: sub-orchestration starts, events, completions to a parent. */
  orchestratorMessages: TaskMessage[];
  state: InstanceStatusUpdate;
}

/** The outcome of a work item: what to commit (nothing when every message was dropped or deferred). */
export interface OrchestrationWorkItemResult {
  commit?: OrchestrationEpisodeCommit;
  /** Messages that must come back later (they arrived before the event they answer); all others are deleted. */
  deferredMessages: TaskMessage[];
  /**
   * With no commit: the status that the history of a finished execution implies. A crash between the history
   * write and the status write leaves the status behind; the next message for the instance repairs it.
   */
  statusRepair?: Partial<InstanceStatusUpdate>;
}

/** One activity call taken from the work-item queue. */
export interface ActivityWorkItem {
  /** Unique per delivery, for logs. */
  id: string;
  /** The TaskScheduled message. */
  message: TaskMessage;
  dequeueCount: number;
  /** When the lock ends unless renewed (the backend updates it on renewal); absent where locks do not expire. */
  lockedUntil?: Date;
}

/** What a commit returns besides success. */
export interface OrchestrationCommitReceipt {
  /** The work items of the commit's heldActivityMessages, in their order, now held by this worker. */
  heldActivities?: ActivityWorkItem[];
}

export interface OrchestrationState {
  instanceId: string;
  executionId: string;
  name: string;
  version?: string;
  runtimeStatus: OrchestrationRuntimeStatus;
  createdAt: Date;
  lastUpdatedAt: Date;
  completedAt?: Date;
  scheduledStartAt?: Date;
  input?: unknown;
  output?: unknown;
  customStatus?: unknown;
  failureDetails?: FailureDetails;
  tags?: Record<string, string>;
}

/** The raw status row: payloads still JSON text, exactly as stored. */
export interface InstanceRecord extends Omit<OrchestrationState, "input" | "output" | "customStatus"> {
  input?: string;
  output?: string;
  customStatus?: string;
}

export interface OrchestrationQuery {
  runtimeStatus?: OrchestrationRuntimeStatus[];
  createdFrom?: Date;
  createdTo?: Date;
  instanceIdPrefix?: string;
  fetchPayloads?: boolean;
}

/** A message set aside because it could not be decoded or kept failing. */
export interface PoisonMessage {
  id: string;
  /** The queue it came from (a requeue sends it back there). */
  sourceQueue: string;
  reason: string;
  instanceId?: string;
  /** The message exactly as the queue held it. */
  body: string;
  dequeueCount: number;
  insertedAt: Date;
}

export interface PurgeResult {
  deletedInstanceCount: number;
}

export interface OrchestrationService {
  /** Creates the hub's queues, tables and containers if needed; idempotent. */
  createIfNotExists(): Promise<void>;

  // The orchestration dispatcher's side.
  startReceiving(): Promise<void>;
  stopReceiving(): Promise<void>;
  lockNextOrchestrationWorkItem(abortSignal: AbortSignal): Promise<OrchestrationWorkItem | undefined>;
  completeOrchestrationWorkItem(workItem: OrchestrationWorkItem, result: OrchestrationWorkItemResult): Promise<void | OrchestrationCommitReceipt>;
  /** Gives the messages back (with a backoff) and forgets any cached state of the instance. */
  abandonOrchestrationWorkItem(workItem: OrchestrationWorkItem, error?: unknown): Promise<void>;

  // The activity dispatcher's side.
  lockNextActivityWorkItem(abortSignal: AbortSignal): Promise<ActivityWorkItem | undefined>;
  /** Sends the result (TaskCompleted/TaskFailed) to the instance, then deletes the work item. */
  completeActivityWorkItem(workItem: ActivityWorkItem, response: TaskMessage): Promise<void>;
  /** Gives the work item back: after a backoff, or with `immediately` (a stopping worker) at once for another worker. */
  abandonActivityWorkItem(workItem: ActivityWorkItem, options?: { immediately?: boolean }): Promise<void>;
  /** Extends the work item's lock while a long activity runs. */
  renewActivityWorkItem(workItem: ActivityWorkItem): Promise<void>;

  // The client's side.
  /** Sends the ExecutionStarted message, then records the Pending status (the crash-safe order). */
  createOrchestration(start: TaskMessage, options?: CreateOrchestrationOptions): Promise<void>;
  /** Delivers a message (event, terminate, suspend, resume) to an instance. */
  sendTaskMessage(message: TaskMessage): Promise<void>;
  getInstance(instanceId: string, options?: { fetchPayloads?: boolean }): Promise<InstanceRecord | undefined>;
  getHistory(instanceId: string): Promise<HistoryEvent[]>;
  queryInstances(
    query: OrchestrationQuery,
    page: { pageSize: number; continuationToken?: string },
  ): Promise<{ instances: InstanceRecord[]; continuationToken?: string }>;
  purgeInstance(instanceId: string): Promise<PurgeResult>;
  purgeInstances(query: OrchestrationQuery): Promise<PurgeResult>;
  listPoisonMessages(page: { pageSize: number; continuationToken?: string }): Promise<{ messages: PoisonMessage[]; continuationToken?: string }>;
  /** Sends a poison message back to its queue; false when there is none with this id. */
  requeuePoisonMessage(id: string): Promise<boolean>;
  deletePoisonMessage(id: string): Promise<boolean>;
  /**
   * Resolves when this process changes the instance's status, with the new status when known (undefined on
   * abort). A hint: callers re-read the state before trusting it.
   */
  waitForInstanceChange?(instanceId: string, abortSignal: AbortSignal): Promise<OrchestrationRuntimeStatus | undefined>;
  /** True when this process commits every change of the instance, so waitForInstanceChange misses none. */
  observesInstance?(instanceId: string): boolean;
  /** The status this process last announced for the instance (a create or a commit), if it remembers one. */
  lastAnnouncedStatus?(instanceId: string): OrchestrationRuntimeStatus | undefined;
  /** The whole status this process knows the instance ended with, without a read (where it knows it exactly). */
  lastAnnouncedRecord?(instanceId: string): InstanceRecord | undefined;
  close(): Promise<void>;
}
