// What an entity keeps between batches, serialized into its Instances row's Input (as Durable Functions 2.x
// keeps its SchedulerState there) and summarized in CustomStatus, so Storage Explorer and queries see both.
import type { EntityRequest } from "./entity-messages.js";
import { decodeSchedulerState } from "./entity-wire.js";

export interface EntitySchedulerState {
  exists: boolean;
  /** The entity's state as JSON text, when it exists. */
  state?: string;
  /** The orchestration holding this entity's lock, and its lock request's id. */
  lockedBy?: string;
  lockId?: string;
  /** Requests waiting for the lock holder to release it, in arrival order. */
  queue?: EntityRequest[];
  /**
   * Request ids of batches whose input messages may not have been deleted yet (a crash between the state write
   * and the deletes): a message delivered again is recognized and skipped. `at` is the batch's time in ms.
   */
  recent?: { at: number; ids: string[] }[];
}

/** Durable Functions' EntityStatus, kept in CustomStatus. */
export interface EntityStatus {
  entityExists: boolean;
  queueSize: number;
  lockedBy: string | null;
}

/** The state from an entity execution's Input, as the original or dtfx wrote it (see entity-wire.ts). */
export function parseSchedulerState(text: string | undefined): EntitySchedulerState {
  return decodeSchedulerState(text);
}

export function entityStatusOf(state: EntitySchedulerState): EntityStatus {
  return { entityExists: state.exists, queueSize: state.queue?.length ?? 0, lockedBy: state.lockedBy ?? null };
}
