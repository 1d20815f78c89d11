// Calls a v3 function the way the v3 Node.js worker does: `fn(context, ...triggerInputs)`; the result is what an
// async function resolves to, what a plain function returns, or what it hands to `context.done(error, result)`.
import { randomUUID } from "node:crypto";
import { createV3Context, type V3Context } from "../v3-context.js";

export type V3Function = (context: V3Context, ...inputs: unknown[]) => unknown;

export interface V3Invocation {
  functionName: string;
  functionDirectory: string;
  bindings: Record<string, unknown>;
  bindingData?: Record<string, unknown>;
  inputs: unknown[];
  /** Extra fields on the context (e.g. `req`). */
  extras?: Record<string, unknown>;
}

export async function invokeV3Function(fn: V3Function, invocation: V3Invocation): Promise<{ result: unknown; context: V3Context }> {
  let settle!: (outcome: { error?: unknown; result?: unknown }) => void;
  const done = new Promise<{ error?: unknown; result?: unknown }>((resolve) => (settle = resolve));
  const context = createV3Context({
    functionName: invocation.functionName,
    invocationId: randomUUID(),
    functionDirectory: invocation.functionDirectory,
    bindings: invocation.bindings,
    bindingData: invocation.bindingData,
    onDone: (error, result) => settle({ error, result }),
  });
  Object.assign(context, invocation.extras);
  const returned = fn(context, ...invocation.inputs);
  if (isThenable(returned)) return { result: await returned, context };
  if (returned !== undefined) return { result: returned, context };
  const outcome = await done;
  if (outcome.error) throw outcome.error;
  return { result: outcome.result, context };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as PromiseLike<unknown>).then === "function";
}
