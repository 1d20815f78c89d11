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
  /** The time the episode runs at, where the backend keeps its own clock (absent: the wall clock). */
  now?: Date;
  /**
   * The previous episode of this instance was committed and its input messages deleted by this process, so none
   * of them can be delivered again (an entity then forgets the request ids it kept to drop such duplicates).
   */
  previousEpisodeConfirmed?: boolean;
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
  /**
   * Messages that must come back later (they arrived before the event they answer); all others are deleted.
   * Each is one of the work item's `newMessages` (the same object), which is how the backend tells them apart.
   */
  deferredMessages: TaskMessage[];
  /**
   * With no commit: the status that the history of a finished execution implies. A crash between the history
   * write and the status write leaves the status behind; the next message for the instance repairs it.
   */
  statusRepair?: Partial<InstanceStatusUpdate>;
}

/**
 * What became of a completed work item: committed, or handed back to run again at once because the backend
 * found an assumption of its own wrong before writing anything (e.g. a start assumed new had a history).
 */
export type OrchestrationCompletion =
  /** heldActivities: the work items of the commit's heldActivityMessages, in their order, now held by this worker. */
  | { kind: "committed"; heldActivities?: ActivityWorkItem[] }
  | { kind: "retry"; reason: string };

/** A status change this process wrote for an instance. */
export interface InstanceChange {
  runtimeStatus: OrchestrationRuntimeStatus;
  /** The whole status row as written, where the writer knows it exactly (payloads as JSON text). */
  record?: InstanceRecord;
}

/**
 * Optional news of the changes this process writes, so a waiter reads when something changed instead of
 * polling. It only saves reads: a caller reads storage before trusting a status, and never waits on news alone
 * (a `record` is exactly what storage holds, so it may stand for a read).
 */
export interface InstanceChangeFeed {
  /** True while this process writes, and announces, every change of the instance: a waiter may poll slowly. */
  observes(instanceId: string): boolean;
  /** The next change this process writes for the instance; undefined on abort or when it stops observing it. */
  nextChange(instanceId: string, abortSignal: AbortSignal): Promise<InstanceChange | undefined>;
  /** The last change this process announced for the instance, if it remembers one. */
  lastChange(instanceId: string): InstanceChange | undefined;
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
  /** With fetchPayloads, false leaves the input out: not even a spilled one's blob is read (default true). */
  fetchInput?: boolean;
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

/** What a dashboard shows of a hub: partitions with their lease owners, queue depths and the workers seen. */
export interface HubDescription {
  taskHubName: string;
  partitionCount: number;
  partitions: { partition: number; controlQueue: string; owner?: string; leased: boolean; approximateMessageCount?: number }[];
  workItemQueue: { name: string; approximateMessageCount?: number };
  /** Workers named as lease owners (this process's own first when it receives). */
  workers: string[];
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
  /** The next instance with messages, locked until the returned object is completed or abandoned. */
  lockNextOrchestrationWorkItem(abortSignal: AbortSignal): Promise<OrchestrationWorkItem | undefined>;
  /** Commits the result; a failure throws (the caller then abandons the work item). */
  completeOrchestrationWorkItem(workItem: OrchestrationWorkItem, result: OrchestrationWorkItemResult): Promise<OrchestrationCompletion>;
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
   * Rewinds a Failed instance as the original does: its failures (and recursively its failed children's) leave
   * replay's view, it goes back to Pending, and each failed leaf is woken. Optional: a backend may not offer it.
   */
  rewindInstance?(instanceId: string, reason?: string): Promise<void>;
  /** The hub as storage shows it now (leases, approximate queue depths); optional, for dashboards. */
  describeHub?(): Promise<HubDescription>;
  /** News of this process's own writes (see InstanceChangeFeed), where the backend has any. */
  readonly instanceChanges?: InstanceChangeFeed;
  /** Ends timers and connections; the service cannot be used afterwards. */
  close(): Promise<void>;
}
