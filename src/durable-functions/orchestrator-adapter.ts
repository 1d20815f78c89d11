// Runs a durable-functions orchestrator (`function* (context) { … yield context.df.callActivity(…) … }`) as a dtfx
// orchestrator: builds the context, then drives the user's generator, turning what it yields into dtfx tasks and
// what comes back into the package's results and errors.
import type { OrchestrationContext, Orchestrator } from "../core/index.js";
import { DurableOrchestrationContext } from "./orchestration-context.js";

/** The function context around `df`, as the programming model shapes it (v4 InvocationContext or v3 context). */
export type ContextFactory = (ctx: OrchestrationContext) => Record<string, any>;

export type OrchestrationHandler = (context: any) => Generator<unknown, unknown, any> | unknown;

export function adaptOrchestrator(handler: OrchestrationHandler, makeContext: ContextFactory): Orchestrator {
  if (typeof handler !== "function") throw new TypeError("An orchestrator must be a generator function: function* (context) { … }");
  return function* runDurableFunctionsOrchestrator(ctx: OrchestrationContext, input: unknown): Generator<any, unknown, any> {
    const df = new DurableOrchestrationContext(ctx, input);
    const context = makeContext(ctx);
    context.df = df;
    const output = handler(context);
    if (!isGenerator(output)) {
      if (isThenable(output)) throw new TypeError("Orchestrators must be generator functions (function*), not async functions: a promise cannot be replayed");
      return output;
    }
    let step = output.next();
    while (!step.done) {
      const task = df.toTask(step.value);
      let failed = false;
      let sent: unknown;
      try {
        sent = df.translations.resultOf(task, yield task);
      } catch (error) {
        failed = true;
        sent = df.translations.errorOf(task, error);
      }
      step = failed ? output.throw(sent) : output.next(sent);
    }
    return step.value;
  };
}

function isGenerator(value: unknown): value is Generator<unknown, unknown, unknown> {
  return typeof value === "object" && value !== null && typeof (value as Generator).next === "function" && typeof (value as Generator).throw === "function";
}

function isThenable(value: unknown): boolean {
  return typeof value === "object" && value !== null && typeof (value as PromiseLike<unknown>).then === "function";
}
