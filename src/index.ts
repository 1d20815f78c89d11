// The public surface of dtfx: users import only from here.
export * from "./core/index.js";
export { startAzurite } from "./azurite/start-azurite.js";
export { startAzuriteInChildProcess } from "./azurite/azurite-child-process.js";
export type { StartAzuriteOptions, RunningAzurite } from "./azurite/start-azurite.js";
export { AzureStorageOrchestrationService } from "./azure/azure-storage-orchestration-service.js";
export type { AzureStorageOrchestrationServiceOptions } from "./azure/service-options.js";
export { PartitionManagementConflictError } from "./azure/partitioning/partition-management-kind.js";
export type { PartitionManagementKind } from "./azure/partitioning/partition-management-kind.js";
export type { PartitionOwner } from "./azure/partitioning/partition-owners.js";
export { TaskHubWorker } from "./worker/task-hub-worker.js";
export type { TaskHubWorkerOptions } from "./worker/task-hub-worker.js";
export { ActivityNotFoundError } from "./worker/activity-dispatcher.js";
export type { Activity, ActivityContext } from "./worker/activity-dispatcher.js";
export { TaskHubClient } from "./client/task-hub-client.js";
export type { ScheduleOptions, OrchestrationFilter, OrchestrationPage, TaskHubClientOptions } from "./client/task-hub-client.js";
export type { ClientHistoryEvent } from "./client/orchestration-state.js";
export type { EntityMetadata, EntityFilter, EntityPage } from "./client/entity-client.js";
export type { WaitOptions } from "./client/wait-for-state.js";
export type {
  OrchestrationService,
  OrchestrationState,
  OrchestrationQuery,
  PurgeResult,
  PoisonMessage,
} from "./backend/orchestration-service.js";
export { startHttpApi } from "./http/http-api.js";
export type { HttpApiOptions, RunningHttpApi } from "./http/http-api.js";
export { HttpError, UnsafeBindingError } from "./http/http-errors.js";
export { assertSafeBinding, isLoopbackHost } from "./http/binding-policy.js";
export { managementPayload } from "./http/management-urls.js";
export type { ManagementPayload } from "./http/management-urls.js";
