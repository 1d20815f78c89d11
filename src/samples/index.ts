// The samples of every pattern that `dtfx start` hosts (and that tests and benchmarks reuse).
import type { TaskHubWorker } from "../worker/task-hub-worker.js";
import { registerApproval } from "./approval.js";
import { registerCounter } from "./counter.js";
import { registerFanOutFanIn } from "./fan-out-fan-in.js";
import { registerHelloCities } from "./hello-cities.js";
import { registerMonitor } from "./monitor.js";

export function registerSamples(worker: TaskHubWorker): TaskHubWorker {
  registerHelloCities(worker);
  registerFanOutFanIn(worker);
  registerMonitor(worker);
  registerApproval(worker);
  registerCounter(worker);
  return worker;
}
export const register = registerSamples;
