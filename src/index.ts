// The public surface of dtfx: users import only from here. Each name is a compatibility promise, so the list is
// explicit: DESIGN.md's API and what users' code needs to type it (options, states, errors, contexts). Engine
// internals (the replay executor, entity batches, wire shapes) stay behind it.

// Orchestrations, activities and entities as users write them.
export type {
  OrchestrationContext,
  Orchestrator,
  OrchestratorGenerator,
  ActivityOptions,
  SubOrchestrationOptions,
  ExternalEventOptions,
} from "./core/orchestration-context.js";
export { Task, TimerTask } from "./core/task.js";
export type { WhenAllFailures } from "./core/task.js";
export type { RetryPolicy } from "./core/retry-policy.js";
export { EntityId } from "./core/entity-id.js";
export type { EntityContext, EntityFunction } from "./core/entity-context.js";
export type { EntityLock } from "./core/entity-calls.js";
export type { Activity, ActivityContext } from "./worker/activity-dispatcher.js";

// What the client returns and accepts.
export type {
  EventType,
  FailureDetails,
  HistoryEvent,
  HistoryEventOf,
  OrchestrationInstance,
  OrchestrationRuntimeStatus,
  TaskMessage,
} from "./core/history-events.js";
export { TERMINAL_STATUSES, isTerminalStatus } from "./core/runtime-status.js";

// Errors, each with a stable `name`.
export {
  TaskFailedError,
  NonDeterminismError,
  OrchestrationNotFoundError,
  InstanceExistsError,
  InvalidTaskHubNameError,
  InvalidInstanceIdError,
  PayloadTooLargeError,
  PayloadLimitExceededError,
  TimeoutError,
  InstanceNotTerminalError,
  InvalidInstanceStatusError,
} from "./core/errors.js";
export { EntityNotFoundError } from "./core/entity-batch.js";
export { ActivityNotFoundError } from "./worker/activity-dispatcher.js";

// Hosting and steering.
export { TaskHubWorker } from "./worker/task-hub-worker.js";
export type { TaskHubWorkerOptions } from "./worker/task-hub-worker.js";
export type { LocalActivityLimits } from "./worker/local-activities.js";
export { compareVersions } from "./worker/versioning.js";
export type { VersioningOptions, VersionMatchStrategy, VersionFailureStrategy } from "./worker/versioning.js";
export { TaskHubClient } from "./client/task-hub-client.js";
export type {
  ScheduleOptions,
  OrchestrationFilter,
  OrchestrationPage,
  TaskHubClientOptions,
  TerminateOptions,
  PurgeOptions,
  RestartOptions,
} from "./client/task-hub-client.js";
export type { ClientHistoryEvent } from "./client/orchestration-state.js";
export type { EntityMetadata, EntityFilter, EntityPage } from "./client/entity-client.js";
export type { WaitOptions } from "./client/wait-for-state.js";

// Backends: Azure Storage, in memory (tests), and the contract for others.
export { AzureStorageOrchestrationService } from "./azure/azure-storage-orchestration-service.js";
export type { AzureStorageOrchestrationServiceOptions } from "./azure/service-options.js";
export { PartitionManagementConflictError } from "./azure/partitioning/partition-management-kind.js";
export type { PartitionManagementKind } from "./azure/partitioning/partition-management-kind.js";
export type { PartitionOwner } from "./azure/partitioning/partition-owners.js";
export type { StorageMeterSnapshot } from "./azure/storage/storage-meter.js";
export { InMemoryOrchestrationService } from "./memory/in-memory-orchestration-service.js";
export type { InMemoryOrchestrationServiceOptions } from "./memory/in-memory-orchestration-service.js";
export type {
  ActivityWorkItem,
  CreateOrchestrationOptions,
  InstanceChange,
  InstanceChangeFeed,
  InstanceRecord,
  InstanceStatusUpdate,
  OrchestrationCompletion,
  OrchestrationEpisodeCommit,
  OrchestrationQuery,
  OrchestrationService,
  OrchestrationState,
  OrchestrationWorkItem,
  OrchestrationWorkItemResult,
  PoisonMessage,
  HubDescription,
  PurgeResult,
} from "./backend/orchestration-service.js";

// Local storage for development and tests.
export { startAzurite } from "./azurite/start-azurite.js";
export { startAzuriteInChildProcess } from "./azurite/azurite-child-process.js";
export type { StartAzuriteOptions, RunningAzurite } from "./azurite/start-azurite.js";

// The HTTP management API.
export { startHttpApi } from "./http/http-api.js";
export type { HttpApiOptions, RunningHttpApi } from "./http/http-api.js";
export { HttpError, UnsafeBindingError } from "./http/http-errors.js";
export { assertSafeBinding, isLoopbackHost } from "./http/binding-policy.js";
export { managementPayload } from "./http/management-urls.js";
export type { ManagementPayload } from "./http/management-urls.js";

// Logging: silent by default; a sink receives structured events.
export { createLogger, setLogSink } from "./logging/logger.js";
export type { Logger, LoggerOptions, LogEntry, LogLevel, LogSink } from "./logging/logger.js";
