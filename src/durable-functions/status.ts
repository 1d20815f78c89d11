// What the durable client returns about instances, shaped as the durable-functions package documents them:
// the runtime status enum, DurableOrchestrationStatus (built from the same JSON the DF HTTP API answers with),
// and PurgeHistoryResult.
import type { StatusBody } from "../http/status-body.js";

export enum OrchestrationRuntimeStatus {
  Running = "Running",
  Completed = "Completed",
  ContinuedAsNew = "ContinuedAsNew",
  Failed = "Failed",
  /** Never reported: neither Durable Functions nor dtfx sets it, but the package lists it. */
  Canceled = "Canceled",
  Terminated = "Terminated",
  Pending = "Pending",
  Suspended = "Suspended",
}

export class DurableOrchestrationStatus {
  readonly name: string;
  readonly instanceId: string;
  readonly createdTime: Date;
  readonly lastUpdatedTime: Date;
  /** null when the instance has no input (or showInput was false). */
  readonly input: unknown;
  /** null until the instance has completed; a failed instance's error text. */
  readonly output: unknown;
  readonly runtimeStatus: OrchestrationRuntimeStatus;
  readonly customStatus?: unknown;
  /** Only when getStatus was asked for it (showHistory). */
  readonly history?: Array<unknown>;

  constructor(init: StatusBody) {
    this.name = init.name;
    this.instanceId = init.instanceId;
    this.createdTime = new Date(init.createdTime);
    this.lastUpdatedTime = new Date(init.lastUpdatedTime);
    this.input = init.input ?? null;
    this.output = init.output ?? null;
    this.runtimeStatus = init.runtimeStatus as OrchestrationRuntimeStatus;
    this.customStatus = init.customStatus;
    this.history = init.historyEvents;
  }
}

export class PurgeHistoryResult {
  constructor(readonly instancesDeleted: number) {}
}
