// `--wait` on `dtfx start <name>`, `raise` and `terminate`: after the action, waits until the instance finishes
// and prints its final state. An idle worker in another process sees a queued message only at its next poll,
// which backs off to maxPollingIntervalInMs (30 s by default), so the wait says so while it lasts.
import type { TaskHubClient } from "../client/task-hub-client.js";
import { EXIT } from "./cli-args.js";

export async function waitForResult(client: TaskHubClient, instanceId: string): Promise<number> {
  console.error(
    `Waiting for ${instanceId} to finish (Ctrl-C stops waiting, not the instance). A worker in another process that ` +
      "has been idle polls its queues only every few seconds, up to 30 s, so the first step can take that long.",
  );
  const state = await client.waitForOrchestrationCompletion(instanceId);
  const result: Record<string, unknown> = { instanceId, runtimeStatus: state.runtimeStatus };
  if (state.output !== undefined) result.output = state.output;
  if (state.failureDetails) result.failureDetails = state.failureDetails;
  console.log(JSON.stringify(result));
  return state.runtimeStatus === "Failed" ? EXIT.failed : EXIT.ok;
}
