// The `context` each kind of durable function gets, per programming model: v4's InvocationContext (with its
// trigger described) or v3's context object. Orchestrators get ids that do not change on replay.
import { randomUUID } from "node:crypto";
import type { EntityContext, OrchestrationContext } from "../core/index.js";
import { InvocationContext } from "../functions/invocation-context.js";
import { createV3Context } from "../functions/v3-context.js";

type Model = "v3" | "v4";
type TriggerType = "orchestrationTrigger" | "activityTrigger" | "entityTrigger";

function contextFor(model: Model, functionName: string, invocationId: string, triggerType: TriggerType): Record<string, any> {
  if (model === "v3") return createV3Context({ functionName, invocationId });
  return new InvocationContext({ functionName, invocationId, options: { trigger: { type: triggerType, name: "context" } } });
}

export function orchestrationContextFactory(model: Model) {
  return (ctx: OrchestrationContext) => contextFor(model, ctx.name, ctx.executionId, "orchestrationTrigger");
}

/** `functionName` as registered (v4); otherwise the entity's name, which dtfx keeps lower-cased. */
export function entityContextFactory(model: Model, functionName?: string) {
  return (ctx: EntityContext) => contextFor(model, functionName ?? ctx.entityId.name, randomUUID(), "entityTrigger");
}

export function activityInvocationContext(functionName: string): InvocationContext {
  return new InvocationContext({ functionName, invocationId: randomUUID(), options: { trigger: { type: "activityTrigger", name: "input" } } });
}
