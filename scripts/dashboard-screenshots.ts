// `npm run screenshots`: runs the samples (plus a failing and a waiting instance) on in-memory Azurite, opens
// the dashboard in headless Chromium (Debian's, via playwright-core: no download) and saves the README's
// screenshots to docs/. Set CHROMIUM_PATH when Chromium lives elsewhere than /usr/bin/chromium.
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";
import { AzureStorageOrchestrationService, startAzurite, startHttpApi, TaskHubClient, TaskHubWorker, type OrchestrationContext } from "../dist/index.js";
import { registerSamples } from "../dist/samples/index.js";

const OUT = new URL("../docs/", import.meta.url);
const VIEWPORT = { width: 1200, height: 760 };

async function main(): Promise<void> {
  const azurite = await startAzurite();
  const service = new AzureStorageOrchestrationService({ connectionString: azurite.connectionString, taskHubName: "DtfxDemo", partitionCount: 4 });
  const worker = registerSamples(new TaskHubWorker(service))
    .addActivity("ChargeCard", (_ctx, amount: number) => {
      if (amount > 100) throw new Error(`Card declined for ${amount}`);
      return `charged ${amount}`;
    })
    .addOrchestrator("Checkout", function* (ctx: OrchestrationContext, amount: number) {
      yield ctx.callActivity("SayHello", "customer");
      yield ctx.createTimer(200);
      return yield ctx.callActivity("ChargeCard", amount);
    });
  await worker.start();
  const client = new TaskHubClient(service);
  const names = () => worker.registeredNames;
  const api = await startHttpApi({ client, port: 0, dashboard: true, orchestratorNames: () => names().orchestrators, entityNames: () => names().entities });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
  try {
    const ids = await Promise.all([
      client.scheduleNewOrchestration("HelloCities", ["Tokyo", "Seattle", "London", "Paris"]),
      client.scheduleNewOrchestration("FanOutFanIn", 8),
      client.scheduleNewOrchestration("Checkout", 250, { instanceId: "checkout-declined" }),
      client.scheduleNewOrchestration("Checkout", 40),
    ]);
    await client.scheduleNewOrchestration("Approval", 3_600_000, { instanceId: "approval-waiting" });
    await client.signalEntity("@counter@demo", "add", 5);
    await Promise.all(ids.map((id) => client.waitForOrchestrationCompletion(id, { timeoutInMs: 30_000 })));
    await client.waitForOrchestrationStart("approval-waiting", { timeoutInMs: 30_000 });

    mkdirSync(OUT, { recursive: true });
    const page = await browser.newPage({ viewport: VIEWPORT });
    const origin = new URL(api.url).origin;
    const shoot = async (hash: string, name: string, ready: string) => {
      await page.goto(`${origin}/dashboard/${hash}`);
      await page.locator(ready).first().waitFor();
      await page.screenshot({ path: new URL(name, OUT).pathname });
      console.log(`docs/${name}`);
    };
    await shoot("#/", "dashboard-instances.png", "tr[data-instance-id]");
    await shoot("#/instance/checkout-declined", "dashboard-instance.png", ".timeline-row.failed");
    await shoot("#/hub", "dashboard-hub.png", "tr[data-partition]");
  } finally {
    await browser.close();
    await api.close();
    await worker.stop({ timeoutInMs: 5_000 });
    await service.close();
    await azurite.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
