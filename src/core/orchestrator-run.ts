// Runs orchestrator code: starts it, resumes its generator each time the task it yielded settles, and turns
// how it ends (return, throw, continueAsNew, termination) into the CompleteOrchestration action.
import type { CompleteOrchestrationAction } from "./actions.js";
import { failureDetailsOf } from "./failure-details.js";
import type { Orchestrator } from "./orchestration-context.js";
import { parsePayload, stringifyPayload } from "./payload.js";
import type { ReplayContext } from "./replay-context.js";
import { Task } from "./task.js";

export class OrchestratorRun {
  /** Set once the orchestrator has ended; nothing it does afterwards counts. */
  completion?: CompleteOrchestrationAction;
  private generator?: Generator<unknown, unknown, unknown>;
  private awaiting?: Task<unknown>;

  constructor(private readonly ctx: ReplayContext) {}

  /** Calls the orchestrator with its input (JSON text); input that does not parse fails the run like a throw. */
  start(orchestrator: Orchestrator, inputText: string | undefined): void {
    let output: unknown;
    try {
      output = orchestrator(this.ctx, parsePayload(inputText));
    } catch (error) {
      return this.finish(undefined, error);
    }
    if (isGenerator(output)) {
      this.generator = output;
      this.resume();
    } else if (isThenable(output)) {
      const message = "Orchestrators must be generator functions (function*) that yield tasks: a promise cannot be replayed";
      this.finish(undefined, new TypeError(message));
    } else {
      this.finish(output);
    }
  }

  /** Ends the run as Terminated, with the reason (JSON text) as its output. */
  terminate(reason: string | undefined): void {
    this.completion = { kind: "CompleteOrchestration", id: -1, status: "Terminated" };
    if (reason !== undefined) this.completion.result = reason;
  }

  /** Drives the generator for as long as the task it yields has already settled. */
  private resume(): void {
    const generator = this.generator!;
    let settled = this.awaiting;
    for (;;) {
      let next: IteratorResult<unknown, unknown>;
      try {
        if (!settled) next = generator.next();
        else if (settled.isFaulted) next = generator.throw(settled.error);
        else next = generator.next(settled.result);
      } catch (error) {
        return this.finish(undefined, error);
      }
      if (next.done) return this.finish(next.value);
      if (!(next.value instanceof Task)) return this.finish(undefined, notATask(next.value));
      settled = this.awaiting = next.value;
      if (!settled.isCompleted) return this.waitFor(settled);
    }
  }

  private waitFor(task: Task<unknown>): void {
    task.onSettled(() => {
      if (this.awaiting === task && !this.completion) this.resume();
    });
  }

  private finish(output: unknown, error?: unknown): void {
    if (this.completion) return;
    const request = this.ctx.continueAsNewRequest;
    if (error === undefined && request) {
      // The orchestrator's return value is ignored after continueAsNew; the new input was checked when given.
      this.completion = { kind: "CompleteOrchestration", id: -1, status: "ContinuedAsNew" };
      const next = stringifyPayload(request.input);
      if (next !== undefined) this.completion.result = next;
      return;
    }
    if (error === undefined) {
      try {
        const result = stringifyPayload(output);
        this.completion = { kind: "CompleteOrchestration", id: -1, status: "Completed" };
        if (result !== undefined) this.completion.result = result;
        return;
      } catch (serializationError) {
        error = serializationError;
      }
    }
    this.completion = { kind: "CompleteOrchestration", id: -1, status: "Failed", failureDetails: failureDetailsOf(error) };
  }
}

function notATask(value: unknown): TypeError {
  const what = value === null ? "null" : typeof value;
  return new TypeError(`Orchestrators must yield tasks (from the context), but this one yielded ${what}`);
}

function isGenerator(value: unknown): value is Generator<unknown, unknown, unknown> {
  return typeof value === "object" && value !== null
    && typeof (value as Generator).next === "function" && typeof (value as Generator).throw === "function";
}

function isThenable(value: unknown): boolean {
  return typeof value === "object" && value !== null && typeof (value as PromiseLike<unknown>).then === "function";
}
