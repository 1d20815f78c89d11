// A test hub served with the dashboard, and headless Chromium from the system (Debian's `chromium` package:
// .ci/run installs it; playwright-core never downloads a browser).
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { registerSamples } from "../../src/samples/index.js";
import { startHttpApi, type RunningHttpApi } from "../../src/http/http-api.js";
import type { OrchestrationContext } from "../../src/core/index.js";
import { startTestHub, type TestHub } from "../support/test-hub.js";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium (apt-get install -y chromium)`);
  // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
}

/** Activities named in here fail; a test removes the name to "fix the bug" before a rewind. */
export const brokenKeys = new Set<string>();

export function registerDashboardOrchestrators(hub: Parameters<Parameters<typeof startTestHub>[0]>[0]): void {
  registerSamples(hub)
    .addOrchestrator("WaitForGo", function* (ctx: OrchestrationContext) {
      ctx.setCustomStatus({ waitingFor: "Go" });
      const value: unknown = yield ctx.waitForExternalEvent("Go");
      return { value };
    })
    .addActivity("MayFail", (_ctx, key: string) => {
      if (brokenKeys.has(key)) throw new Error(`${key} is broken`);
      return `${key} done`;
    })
    .addOrchestrator("MayFail", function* (ctx: OrchestrationContext, key: string) {
      const first: string = yield ctx.callActivity("SayHello", "first");
      const second: string = yield ctx.callActivity("MayFail", key);
      return [first, second];
    })
    .addOrchestrator("Parent", function* (ctx: OrchestrationContext) {
      return yield ctx.callSubOrchestrator("HelloCities", ["Oslo"], { instanceId: `${ctx.instanceId}-child` });
    });
}

export interface DashboardHub {
  hub: TestHub;
  api: RunningHttpApi;
  /** e.g. http://127.0.0.1:1234 */
  origin: string;
  stop(): Promise<void>;
}

/** The hub's API and dashboard on a free port (a second server over the same client may add a key). */
export function serveDashboard(hub: TestHub, key?: string): Promise<RunningHttpApi> {
  const names = () => hub.worker.registeredNames;
  return startHttpApi({
    client: hub.client, port: 0, key, dashboard: true,
    orchestratorNames: () => names().orchestrators, entityNames: () => names().entities,
  });
}

export async function startDashboardHub(options: { key?: string } = {}): Promise<DashboardHub> {
  const hub = await startTestHub(registerDashboardOrchestrators, { service: { partitionCount: 2 } });
  const api = await serveDashboard(hub, options.key);
  return {
    hub, api, origin: new URL(api.url).origin,
    async stop() {
      await api.close();
      await hub.stop();
    },
  };
}
