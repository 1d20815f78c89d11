// The route table of the management API, below /runtime/webhooks/durabletask.
import type { ApiHandler } from "./api-handler.js";
import type { Route } from "./router.js";
import { getInstanceStatus, listInstances } from "./instance-status-routes.js";
import {
  raiseEvent,
  restartInstance,
  resumeInstance,
  rewindInstance,
  suspendInstance,
  terminateInstance,
} from "./instance-operation-routes.js";
import { getEntityState, listEntities, signalEntity } from "./entity-routes.js";
import { startOrchestration } from "./orchestrator-routes.js";
import { purgeInstance, purgeInstances } from "./purge-routes.js";

export const API_ROUTES: Route<ApiHandler>[] = [
  { method: "POST", pattern: "orchestrators/:name/:instanceId?", handler: startOrchestration },
  { method: "GET", pattern: "instances", handler: listInstances },
  { method: "DELETE", pattern: "instances", handler: purgeInstances },
  { method: "GET", pattern: "instances/:id", handler: getInstanceStatus },
  { method: "DELETE", pattern: "instances/:id", handler: purgeInstance },
  { method: "POST", pattern: "instances/:id/raiseEvent/:eventName", handler: raiseEvent },
  { method: "POST", pattern: "instances/:id/terminate", handler: terminateInstance },
  { method: "POST", pattern: "instances/:id/suspend", handler: suspendInstance },
  { method: "POST", pattern: "instances/:id/resume", handler: resumeInstance },
  { method: "POST", pattern: "instances/:id/restart", handler: restartInstance },
  { method: "POST", pattern: "instances/:id/rewind", handler: rewindInstance },
  { method: "GET", pattern: "entities/:name?", handler: listEntities },
  { method: "GET", pattern: "entities/:name/:key", handler: getEntityState },
  { method: "POST", pattern: "entities/:name/:key", handler: signalEntity },
];
