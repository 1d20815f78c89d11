// The options of AzureStorageOrchestrationService, with the original's defaults where it has one.
import type { TokenCredential } from "@azure/core-auth";
import type { StorageSharedKeyCredential } from "@azure/storage-blob";
import type { Logger } from "../logging/logger.js";
import { validatePartitionManagement, type PartitionManagementKind } from "./partitioning/partition-management-kind.js";
import { MAX_POLL_DELAY_MS, MIN_POLL_DELAY_MS } from "./messaging/polling.js";

export interface AzureStorageOrchestrationServiceOptions {
  /** A connection string (Azurite's, an account key's, or a SAS one). */
  connectionString?: string;
  /** With `credential` instead of a connection string: Azure AD (TokenCredential) or a shared key. */
  accountName?: string;
  credential?: TokenCredential | StorageSharedKeyCredential;
  taskHubName: string;
  /** Control queues (1–16, default 4); must match the hub's taskhub.json. */
  partitionCount?: number;
  /** Change an existing hub's partition count instead of refusing to start. */
  allowPartitionCountChange?: boolean;
  workerId?: string;
  /** Messages per control-queue receive (1–32, default 32). */
  controlQueueBatchSize?: number;
  /**
   * How long a received control-queue message stays invisible to other workers; held messages are renewed for as
   * long as this worker serves their partition, so this bounds how long one outlives a crashed worker (default: the
   * lease duration, 30 s; the original: 5 minutes).
   */
  controlQueueVisibilityTimeoutInMs?: number;
  /**
   * How long an activity work item stays invisible once received (or handed off); renewed while the activity runs,
   * so it comes back this long after its worker died (default: the lease duration, 30 s; the original: 5 minutes).
   */
  workItemVisibilityTimeoutInMs?: number;
  /**
   * The longest wait between two receives of an idle queue (default 30 s, the original's MaxQueuePollingInterval).
   * Polling backs off from 50 ms to this; work sent from this process wakes its receivers at once, but a client in
   * another process waits up to this long for an idle worker to notice. Each idle queue costs 60 000 / this
   * receives a minute (see the README).
   */
  maxPollingIntervalInMs?: number;
  /** Received but unprocessed messages per partition before its receiver pauses (default 128). */
  controlQueueBufferThreshold?: number;
  /**
   * Share the partitions among workers by blob leases (the original's layout in `{hub}-leases/default/`); on by
   * default. `false` makes this worker serve every partition without leases: only for a hub with a single worker.
   */
  usePartitionLeases?: boolean;
  /**
   * Which of the original's partition managers shares the partitions (reference/original-wire-facts.md §5):
   * "legacy" blob leases in `{hub}-leases/default/` (UseLegacyPartitionManagement), "safe" intent and ownership
   * leases in `{hub}-leases/intent/` and `ownership/` (Durable Functions' default), or "table" rows in
   * `{Hub}Partitions` (DurableTask.AzureStorage 2.x's default; no taskhub.json, the rows record the partition
   * count). Unset: the kind the hub already uses, or "legacy" on a hub without one. Another kind than the hub's
   * is refused (PartitionManagementConflictError): managers of different kinds cannot see each other's leases.
   */
  partitionManagement?: PartitionManagementKind;
  /** How often leases are renewed and the balance checked (default 10 s; the safe ownership leases: half). */
  leaseIntervalInMs?: number;
  /**
   * The lease's duration (default 30 s): blob leases 15–60 s in whole seconds, as Azure allows; the table kind's
   * ExpiresAt moves by this much at each renewal (1–60 s).
   */
  leaseDurationInMs?: number;
  /**
   * The lease duration once the worker is idle, 15–60 s in whole seconds (default 60 s); 0, or not longer than
   * leaseDurationInMs, turns idle mode off. Idle leases are renewed every idleLeaseDurationInMs − (leaseDurationInMs −
   * leaseIntervalInMs), keeping the busy schedule's margin: 60 s every 40 s by default, so an idle worker with 4
   * partitions makes 7.5 lease requests a minute instead of 30. The price: a worker killed while idle leaves its
   * partitions for up to the idle duration, and one stopped gracefully is noticed by an idle peer at its next idle tick.
   */
  idleLeaseDurationInMs?: number;
  /**
   * How long the worker must be quiet (no message received from its queues or sent by this process, no partition
   * gained or lost) before idle mode begins (default 30 s). Any such activity ends it at once.
   */
  idleAfterInMs?: number;
  /** A message dequeued more often than this is set aside as poison (default 10). */
  maxDequeueCount?: number;
  /**
   * Messages a client of this process sends in the same turn of the event loop share queue messages (as many
   * as fit) instead of one each: starts per control queue, other messages per instance (see core/turn-batcher.ts).
   * Default false. Every worker of this hub must be dtfx: such a message is a JSON array, which the original
   * DurableTask.AzureStorage cannot read (it abandons it forever and the instances stay Pending).
   */
  batchClientMessages?: boolean;
  /** Histories of running instances kept in memory between episodes (default 1,000 instances). */
  instanceCacheSize?: number;
  /** Past this many bytes of strings (payloads above all) in cached histories, the least recent go (default 64 MiB). */
  instanceCacheMaxBytes?: number;
  /** A spilled payload larger than this once unzipped is refused with PayloadLimitExceededError (default 256 MiB). */
  maxBlobPayloadBytes?: number;
  /** A page of instances whose spilled payloads add up to more than this is refused (default 16 MiB). */
  maxPagePayloadBytes?: number;
  log?: Logger;
}

export type ResolvedServiceOptions = Required<
  Pick<
    AzureStorageOrchestrationServiceOptions,
    | "taskHubName"
    | "partitionCount"
    | "allowPartitionCountChange"
    | "workerId"
    | "controlQueueBatchSize"
    | "controlQueueVisibilityTimeoutInMs"
    | "workItemVisibilityTimeoutInMs"
    | "controlQueueBufferThreshold"
    | "instanceCacheSize"
    | "instanceCacheMaxBytes"
    | "maxBlobPayloadBytes"
    | "maxPagePayloadBytes"
    | "maxDequeueCount"
    | "usePartitionLeases"
    | "leaseIntervalInMs"
    | "leaseDurationInMs"
    | "batchClientMessages"
    | "idleLeaseDurationInMs"
    | "idleAfterInMs"
    | "maxPollingIntervalInMs"
  >
> & { partitionManagement?: PartitionManagementKind };

export function resolveServiceOptions(options: AzureStorageOrchestrationServiceOptions): ResolvedServiceOptions {
  validatePartitionManagement(options.partitionManagement);
  const leaseDurationInMs = Math.min(60_000, Math.max(1_000, options.leaseDurationInMs ?? 30_000));
  return {
    taskHubName: options.taskHubName,
    partitionCount: options.partitionCount ?? 4,
    allowPartitionCountChange: options.allowPartitionCountChange ?? false,
    workerId: options.workerId ?? `worker-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
    controlQueueBatchSize: Math.min(32, Math.max(1, options.controlQueueBatchSize ?? 32)),
    controlQueueVisibilityTimeoutInMs: positiveOr(options.controlQueueVisibilityTimeoutInMs, leaseDurationInMs),
    workItemVisibilityTimeoutInMs: positiveOr(options.workItemVisibilityTimeoutInMs, leaseDurationInMs),
    maxPollingIntervalInMs: Math.max(MIN_POLL_DELAY_MS, options.maxPollingIntervalInMs ?? MAX_POLL_DELAY_MS),
    controlQueueBufferThreshold: options.controlQueueBufferThreshold ?? 128,
    instanceCacheSize: options.instanceCacheSize ?? 1000,
    instanceCacheMaxBytes: options.instanceCacheMaxBytes ?? 64 * 1024 * 1024,
    maxBlobPayloadBytes: options.maxBlobPayloadBytes ?? 256 * 1024 * 1024,
    maxPagePayloadBytes: options.maxPagePayloadBytes ?? 16 * 1024 * 1024,
    maxDequeueCount: options.maxDequeueCount ?? 10,
    usePartitionLeases: options.usePartitionLeases ?? true,
    leaseIntervalInMs: options.leaseIntervalInMs ?? 10_000,
    batchClientMessages: options.batchClientMessages ?? false,
    leaseDurationInMs,
    partitionManagement: options.partitionManagement,
    idleLeaseDurationInMs: resolveIdleLeaseDuration(options.idleLeaseDurationInMs),
    idleAfterInMs: Math.max(0, options.idleAfterInMs ?? 30_000),
  };
}

/** A blob lease's duration: whole seconds within Azure's 15–60 s. */
export function blobLeaseDurationInMs(ms: number): number {
  return Math.min(60, Math.max(15, Math.round(ms / 1000))) * 1000;
}

/** Visibility is set in whole seconds, at least 1 (queue-timing.ts). */
function positiveOr(ms: number | undefined, fallback: number): number {
  return ms !== undefined && ms > 0 ? ms : fallback;
}

/** 0 stays 0 (idle mode off); anything else becomes whole seconds within Azure's 15–60 s. */
function resolveIdleLeaseDuration(ms: number | undefined): number {
  if (ms === 0) return 0;
  return Math.min(60, Math.max(15, Math.round((ms ?? 60_000) / 1000))) * 1000;
}
