// The aggregator pattern: a durable entity that counts (add, subtract, reset, get, delete).
import type { EntityContext } from "../core/index.js";
import type { TaskHubWorker } from "../worker/task-hub-worker.js";

export function counter(ctx: EntityContext<number>): void {
  const current = ctx.getState(() => 0) ?? 0;
  switch (ctx.operationName) {
    case "add":
      ctx.setState(current + ctx.getInput<number>());
      break;
    case "subtract":
      ctx.setState(current - ctx.getInput<number>());
      break;
    case "reset":
      ctx.setState(0);
      break;
    case "get":
      ctx.return(current);
      break;
    case "delete":
      ctx.deleteState();
      break;
    default:
      throw new Error(`The Counter entity has no operation '${ctx.operationName}'`);
  }
}

export function registerCounter(worker: TaskHubWorker): void {
  worker.addEntity("Counter", counter);
}
