// The sub-orchestrations an instance started, and theirs, read from the histories: what recursive terminate
// and purge reach. Finished children are walked too, since a child that completed may leave running children.
import type { OrchestrationService } from "../backend/orchestration-service.js";

/** Every descendant of `rootId` (not the root), parents before their children; each id once. */
export async function descendantsOf(service: OrchestrationService, rootId: string): Promise<string[]> {
  const seen = new Set([rootId]);
  const found: string[] = [];
  let level = [rootId];
  while (level.length > 0) {
    const histories = await Promise.all(level.map((id) => service.getHistory(id)));
    level = [];
    for (const history of histories) {
      for (const event of history) {
        if (event.eventType !== "SubOrchestrationInstanceCreated" || seen.has(event.instanceId)) continue;
        seen.add(event.instanceId);
        found.push(event.instanceId);
        level.push(event.instanceId);
      }
    }
  }
  return found;
}
