// The dashboard's own JSON routes, below /dashboard/api; everything else the page does goes through the
// management API's routes (list, status, raise, terminate, suspend, resume, restart, rewind, purge, entities).
import type { ApiHandler } from "../api-handler.js";
import type { Route } from "../router.js";
import { getInstanceDetails, getInstancePayload } from "./dashboard-instance-routes.js";
import { countInstances, deletePoison, describeHub, listDashboardInstances, listPoison, requeuePoison } from "./dashboard-list-routes.js";

export const DASHBOARD_API_ROUTES: Route<ApiHandler>[] = [
  { method: "GET", pattern: "hub", handler: describeHub },
  { method: "GET", pattern: "counts", handler: countInstances },
  { method: "GET", pattern: "instances", handler: listDashboardInstances },
  { method: "GET", pattern: "instances/:id", handler: getInstanceDetails },
  { method: "GET", pattern: "instances/:id/payload/:field", handler: getInstancePayload },
  { method: "GET", pattern: "poison", handler: listPoison },
  { method: "POST", pattern: "poison/:id/requeue", handler: requeuePoison },
  { method: "DELETE", pattern: "poison/:id", handler: deletePoison },
];
