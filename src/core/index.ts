export * from "./history-events.js";
export * from "./runtime-status.js";
export { answeredTaskId, SCHEDULING_EVENT_OF } from "./answers.js";
export { TurnBatcher, type TurnBatcherOptions } from "./turn-batcher.js";
export * from "./actions.js";
export * from "./errors.js";
export * from "./instance-id-rules.js";
export * from "./payload.js";
export * from "./failure-details.js";
export { Task, TimerTask } from "./task.js";
export type { WhenAllFailures } from "./task.js";
export * from "./retry-policy.js";
export * from "./orchestration-context.js";
export { execute } from "./executor.js";
export type { ExecuteOptions, ExecutionResult, ExecutionStatus } from "./executor.js";
export { uuidV5 } from "./deterministic-guid.js";
export { EntityId } from "./entity-id.js";
export * from "./entity-messages.js";
export * from "./entity-scheduler-state.js";
export type { EntityContext, EntityFunction } from "./entity-context.js";
export type { EntityLock } from "./entity-calls.js";
export { entityInstanceId } from "./entity-calls.js";
export { executeEntityBatch, EntityNotFoundError } from "./entity-batch.js";
export {
  decodeSchedulerState,
  encodeEntityRequest,
  encodeEntityStatus,
  encodeSchedulerState,
  entityReleaseFromJson,
  entityRequestFromJson,
  entityRequestToJson,
  entityResponseFromJson,
  entityResponseToJson,
} from "./entity-wire.js";
export {
  batchEntityRequests,
  chunkEntityRequests,
  entityRequestsInput,
  entityRequestsOf,
  MAX_BATCHED_REQUEST_CHARS,
} from "./entity-request-batching.js";
export type { EntityBatchInput, EntityBatchResult, EntityDelivery, EntityInbound } from "./entity-batch.js";
