// Who an orchestration's messages say they come from: the instance and execution that sent them, and its episode,
// the number of OrchestratorStarted events of the execution so far (AS`Messaging/OrchestrationSession.cs:80-84`,
// AS`Utils.cs:99-103`). The original reads Sender on every EventRaised, so it is never left out.
import type { HistoryEvent } from "../../core/index.js";
import type { OrchestrationEpisodeCommit } from "../../backend/orchestration-service.js";
import type { MessageSender } from "../messaging/message-data.js";

export interface SenderOptions {
  sender: MessageSender;
  episode: number;
}

export function episodeNumberOf(events: readonly HistoryEvent[]): number {
  return events.reduce((n, event) => (event.eventType === "OrchestratorStarted" ? n + 1 : n), 0);
}

export function senderOf(instanceId: string, commit: OrchestrationEpisodeCommit, history: readonly HistoryEvent[]): SenderOptions {
  const events = commit.isNewExecution ? commit.newEvents : [...history, ...commit.newEvents];
  return { sender: { instanceId, executionId: commit.executionId }, episode: episodeNumberOf(events) };
}
