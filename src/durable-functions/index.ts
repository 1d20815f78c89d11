// `dtfx/durable-functions`: the durable-functions npm package's programming model (v4's `df.app.*`, v3's
// `df.orchestrator`/`df.entity`, `df.getClient`) over dtfx, hosted by `dtfx start --module`. For require and import.
export * as app from "./app.js";
export type { ActivityHandler, ActivityOptions, HttpDurableClientHandler } from "./app.js";
export * as input from "./input.js";
export { trigger } from "./bindings.js";
export type { DurableClientInput } from "./bindings.js";
export { orchestrator, entity } from "./v3-shims.js";
export { getClient } from "./client-binding.js";
export { DurableClient, DurableOrchestrationClient } from "./durable-client.js";
export type {
  StartNewOptions, GetStatusOptions, OrchestrationFilter, WaitForCompletionOptions, HttpManagementPayload,
} from "./durable-client.js";
export { DurableOrchestrationContext } from "./orchestration-context.js";
export type { Task, DurableTimerTask as TimerTask } from "./orchestration-context.js";
export type { DurableEntityContext } from "./entity-context.js";
export { RetryOptions } from "./retry-options.js";
export { EntityId, EntityStateResponse, LockState, DurableLock } from "./entity-id.js";
export { OrchestrationRuntimeStatus, DurableOrchestrationStatus, PurgeHistoryResult } from "./status.js";
export { DurableError, NotSupportedByDtfxError, TaskFailedError, LockingRulesViolationError } from "./errors.js";
export type { FailureDetails } from "./errors.js";
export { RegisteredActivityTask, RegisteredOrchestrationTask } from "./registered-tasks.js";
export { ManagedIdentityTokenSource } from "./token-source.js";
