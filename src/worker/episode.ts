// One orchestration episode as a pure decision: the history and the messages that arrived in, the events to
// append, the messages to send and the status to record out. The dispatcher performs it; tests call it directly.
import {
  batchEntityRequests,
  execute,
  isTerminalStatus,
  type ExecuteOptions,
  type ExecutionResult,
  type ExecutionStartedEvent,
  type FailureDetails,
  type HistoryEvent,
  type Orchestrator,
  type TaskMessage,
} from "../core/index.js";
import type {
  InstanceStatusUpdate,
  OrchestrationEpisodeCommit,
  OrchestrationWorkItemResult,
} from "../backend/orchestration-service.js";
import { classifyMessages } from "./message-classification.js";
import { actionsToEvents } from "./action-events.js";
import { versionMismatch, versionMismatchFailure, type VersioningOptions } from "./versioning.js";

export interface EpisodeInput {
  instanceId: string;
  history: HistoryEvent[];
  messages: TaskMessage[];
  now: Date;
  resolveOrchestrator(name: string): Orchestrator | undefined;
  /** A fresh execution id (32 hex), for continue-as-new and sub-orchestrations. */
  newExecutionId(): string;
  executeOptions?: ExecuteOptions;
  /** Which orchestration versions this worker runs (default: all). */
  versioning?: VersioningOptions;
  /** Keep activity and sub-orchestration inputs in history (the original's IncludeParameters, default false). */
  includeParameters?: boolean;
  /** Requests to one entity share a message (a JSON array the original cannot read); default false. */
  batchEntityRequests?: boolean;
}

export interface EpisodeOutcome extends OrchestrationWorkItemResult {
  dropped: { message: TaskMessage; reason: string }[];
  /** Set when the versioning rejects the instance: nothing is committed and the messages go back for another worker. */
  rejected?: string;
}

/** Continue-as-new runs the next execution in the same episode; a bound keeps a tight loop from spinning. */
const MAX_EXECUTIONS_PER_EPISODE = 20;

export function runEpisode(input: EpisodeInput): EpisodeOutcome {
  const classified = classifyMessages(input.history, input.messages);
  const { deferred, dropped } = classified;
  if (!classified.start && classified.accepted.length === 0) {
    return { deferredMessages: deferred, dropped, statusRepair: finishedStatusOf(input.history, dropped.length > 0) };
  }

  const orchestratorStarted: HistoryEvent = { eventType: "OrchestratorStarted", eventId: -1, timestamp: input.now };
  let isNewExecution = classified.start !== undefined;
  let past = isNewExecution ? [] : input.history;
  let fresh: HistoryEvent[] = [orchestratorStarted, ...(classified.start ? [classified.start] : []), ...classified.accepted];
  const commit: OrchestrationEpisodeCommit = {
    newEvents: [],
    isNewExecution,
    executionId: "",
    activityMessages: [],
    timerMessages: [],
    orchestratorMessages: [],
    state: undefined as unknown as InstanceStatusUpdate,
  };

  for (let round = 1; ; round++) {
    const started = findExecutionStarted(past, fresh);
    const mismatch = versionMismatch(input.versioning, started.version);
    if (mismatch && round === 1 && input.versioning?.failureStrategy !== "fail") {
      return { deferredMessages: [], dropped: [], rejected: mismatch };
    }
    const result = mismatch ? failedResult(versionMismatchFailure(mismatch)) : runOrchestrator(input, started, past, fresh);
    const converted = actionsToEvents(result.actions, {
      instance: { instanceId: input.instanceId, executionId: started.orchestrationInstance.executionId },
      started,
      now: input.now,
      newExecutionId: input.newExecutionId,
      includeParameters: input.includeParameters,
    });
    commit.activityMessages.push(...converted.activityMessages);
    commit.orchestratorMessages.push(...converted.orchestratorMessages);
    if (result.status === "ContinuedAsNew" && converted.nextExecution && round < MAX_EXECUTIONS_PER_EPISODE) {
      // The next execution replaces this one in the table, as the original keeps one execution per instance.
      isNewExecution = true;
      commit.timerMessages = [];
      past = [];
      fresh = [{ ...orchestratorStarted }, converted.nextExecution, ...converted.carryoverEvents];
      continue;
    }
    commit.timerMessages.push(...converted.timerMessages);
    if (result.status === "ContinuedAsNew" && converted.nextExecution) {
      // Too many generations in one episode: the next one starts from a message; the instance defers other
      // messages until it arrives (see message-classification).
      commit.orchestratorMessages.push(...converted.nextExecutionMessages);
    }
    if (input.batchEntityRequests) commit.orchestratorMessages = batchEntityRequests(commit.orchestratorMessages);
    commit.newEvents = [...fresh.map(markPlayed), ...converted.events, { eventType: "OrchestratorCompleted", eventId: -1, timestamp: input.now }];
    commit.isNewExecution = isNewExecution;
    commit.executionId = started.orchestrationInstance.executionId ?? "";
    commit.state = statusOf(started, result, input.now);
    return { commit, deferredMessages: deferred, dropped };
  }
}

/** The executor played every new event but OrchestratorStarted: the original stores those IsPlayed (CO`TaskOrchestrationExecutor.cs:150-162`). */
function markPlayed(event: HistoryEvent): HistoryEvent {
  return event.eventType === "OrchestratorStarted" || event.isPlayed ? event : { ...event, isPlayed: true };
}

/** The status a finished history records, when messages arrived for it (which they rarely do otherwise). */
function finishedStatusOf(history: HistoryEvent[], hadMessages: boolean): Partial<InstanceStatusUpdate> | undefined {
  if (!hadMessages) return undefined;
  const completed = history.findLast((e) => e.eventType === "ExecutionCompleted");
  const started = history.find((e): e is ExecutionStartedEvent => e.eventType === "ExecutionStarted");
  if (!completed || completed.eventType !== "ExecutionCompleted" || !started) return undefined;
  return {
    name: started.name,
    executionId: started.orchestrationInstance.executionId ?? "",
    runtimeStatus: completed.orchestrationStatus,
    output: completed.result,
    failureDetails: completed.failureDetails,
    lastUpdatedTime: completed.timestamp,
    completedTime: completed.timestamp,
  };
}

function findExecutionStarted(past: HistoryEvent[], fresh: HistoryEvent[]): ExecutionStartedEvent {
  const started = [...past, ...fresh].find((e): e is ExecutionStartedEvent => e.eventType === "ExecutionStarted");
  if (!started) throw new Error("An execution must begin with ExecutionStarted");
  return started;
}

function runOrchestrator(
  input: EpisodeInput,
  started: ExecutionStartedEvent,
  past: HistoryEvent[],
  fresh: HistoryEvent[],
): ExecutionResult {
  const orchestrator = input.resolveOrchestrator(started.name);
  if (orchestrator) return execute(orchestrator, past, fresh, input.executeOptions);
  return failedResult({
    errorType: "OrchestratorNotFoundError",
    message: `No orchestrator named '${started.name}' is registered with this worker`,
  });
}

/** The execution ends Failed without running the orchestrator. */
function failedResult(failureDetails: FailureDetails): ExecutionResult {
  return {
    status: "Failed",
    failureDetails,
    actions: [{ kind: "CompleteOrchestration", id: -1, status: "Failed", failureDetails }],
  };
}

function statusOf(started: ExecutionStartedEvent, result: ExecutionResult, now: Date): InstanceStatusUpdate {
  const isTerminal = isTerminalStatus(result.status);
  return {
    name: started.name,
    version: started.version,
    executionId: started.orchestrationInstance.executionId ?? "",
    runtimeStatus: result.status,
    input: started.input,
    output: result.output,
    customStatus: result.customStatus,
    failureDetails: result.failureDetails,
    createdTime: started.timestamp,
    lastUpdatedTime: now,
    completedTime: isTerminal ? now : undefined,
    scheduledStartTime: started.scheduledStartTime,
    tags: started.tags,
  };
}
