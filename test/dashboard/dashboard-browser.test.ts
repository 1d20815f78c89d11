// The dashboard in headless Chromium: the list shows an instance started through the API, its page shows the
// history and the timeline, every action works through the page, and the key rule holds for page and data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { EntityId } from "../../src/core/index.js";
import { post } from "../http/http-test-support.js";
import { eventually } from "../support/eventually.js";
import { brokenKeys, launchChromium, serveDashboard, startDashboardHub, type DashboardHub } from "./dashboard-harness.js";

let served: DashboardHub;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [served, browser] = await Promise.all([startDashboardHub(), launchChromium()]);
  page = await browser.newPage();
  page.setDefaultTimeout(10_000);
});

afterAll(async () => {
  await browser?.close();
  await served?.stop();
});

const client = () => served.hub.client;
const statusOf = async (id: string) => (await client().getOrchestrationState(id, { fetchPayloads: false }))?.runtimeStatus;
const waitForStatus = (id: string, status: string) => eventually(() => statusOf(id), (s) => s === status, 15_000);

async function openInstance(id: string): Promise<void> {
  await page.goto(`${served.origin}/dashboard/#/instance/${encodeURIComponent(id)}`);
  await page.getByTestId("instance-id").filter({ hasText: id }).waitFor();
}

/** Clicks an action, fills the dialog's fields, confirms. */
async function act(action: string, fields: Record<string, string> = {}): Promise<void> {
  await page.locator(`[data-action="${action}"]:not([disabled])`).click();
  for (const [name, value] of Object.entries(fields)) await page.locator(`#confirm [name="${name}"]`).fill(value);
  await page.locator("#confirm-ok").click();
}

const badge = (status: string) => page.locator("h2 .status", { hasText: status });

describe("dashboard in Chromium", () => {
  it("lists an instance started through the API; its page shows history, timeline and payloads", async () => {
    const started = await post(`${served.api.url}/orchestrators/HelloCities`, ["Paris", "Rome"]);
    const id = started.body.id as string;
    await client().waitForOrchestrationCompletion(id, { timeoutInMs: 15_000 });
    await page.goto(`${served.origin}/dashboard/`);
    const row = page.locator(`tr[data-instance-id="${id}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain("Completed");
    await page.getByTestId("counts").getByText(/Completed \d+/).waitFor();

    await row.getByRole("link").click();
    await badge("Completed").waitFor();
    const history = page.getByTestId("history");
    expect(await history.locator('tr[data-event-type="TaskScheduled"]').count()).toBe(2);
    expect(await history.locator('tr[data-event-type="ExecutionCompleted"]').count()).toBe(1);
    const activities = page.getByTestId("timeline").locator('[data-kind="activity"]');
    expect(await activities.count()).toBe(2);
    expect(await page.locator('[data-payload="output"] pre').textContent()).toContain("Hello Rome!");
  });

  it("filters by name and status, and links a parent to its child", async () => {
    const id = await client().scheduleNewOrchestration("Parent");
    await client().waitForOrchestrationCompletion(id, { timeoutInMs: 15_000 });
    await page.goto(`${served.origin}/dashboard/#/?name=Parent&status=Completed`);
    await page.locator(`tr[data-instance-id="${id}"]`).waitFor();
    expect(await page.locator("tr[data-instance-id]").count()).toBe(1);
    await page.goto(`${served.origin}/dashboard/#/?name=Parent&from=2999-01-01T00:00`);
    await page.getByText("No instances match.").waitFor();
    await openInstance(id);
    expect(await page.getByTestId("timeline").locator('[data-kind="suborchestration"]').count()).toBe(1);
    await page.getByTestId("children").getByRole("link").click();
    await page.getByTestId("instance-id").filter({ hasText: `${id}-child` }).waitFor();
    await page.locator("table.facts").getByRole("link", { name: id }).waitFor();
  });

  it("raises an event, suspends, resumes and terminates through the page", async () => {
    const raised = await client().scheduleNewOrchestration("WaitForGo");
    await waitForStatus(raised, "Running");
    await openInstance(raised);
    await act("raise-event", { eventName: "Go", data: '{"from":"dashboard"}' });
    await badge("Completed").waitFor();
    expect((await client().getOrchestrationState(raised))?.output).toEqual({ value: { from: "dashboard" } });

    const steered = await client().scheduleNewOrchestration("WaitForGo", { big: "x".repeat(20_000) });
    await waitForStatus(steered, "Running");
    await openInstance(steered);
    // A large payload is not in the page's data until asked for.
    await page.locator('[data-payload="input"] button', { hasText: "Load" }).click();
    expect(await page.locator('[data-payload="input"] pre').textContent()).toContain("x".repeat(1000));
    await act("suspend", { reason: "pause" });
    await badge("Suspended").waitFor();
    await act("resume");
    await badge("Running").waitFor();
    await act("terminate", { reason: "enough" });
    await badge("Terminated").waitFor();
    expect((await client().getOrchestrationState(steered))?.output).toBe("enough");
  });

  it("rewinds a failed instance, restarts and purges through the page; a cancelled dialog does nothing", async () => {
    brokenKeys.add("dash");
    const id = await client().scheduleNewOrchestration("MayFail", "dash");
    await waitForStatus(id, "Failed");
    await openInstance(id);
    await page.getByTestId("timeline").locator(".timeline-row.failed").first().waitFor();
    brokenKeys.delete("dash");
    await act("rewind", { reason: "fixed" });
    await badge("Completed").waitFor();
    expect((await client().getOrchestrationState(id))?.output).toEqual(["Hello first!", "dash done"]);

    const before = (await client().getOrchestrationState(id))!.executionId;
    await act("restart");
    await eventually(() => client().getOrchestrationState(id), (s) => s?.executionId !== before && s?.runtimeStatus === "Completed", 15_000);

    await page.locator('[data-action="purge"]').click();
    await page.locator("#confirm button[value=cancel]").click();
    expect(await statusOf(id)).toBe("Completed");
    await act("purge");
    await page.getByTestId("instance-table").waitFor();
    expect(await client().getOrchestrationState(id)).toBeUndefined();
  });

  it("shows entities with state, the hub's partitions and workers, and poison messages to delete", async () => {
    await client().signalEntity(new EntityId("Counter", "dash"), "add", 7);
    await eventually(() => client().getEntity(new EntityId("Counter", "dash")), (e) => e?.state === 7, 15_000);
    await page.goto(`${served.origin}/dashboard/#/entities`);
    expect(await page.locator('tr[data-entity-id="@counter@dash"]').textContent()).toContain("7");

    await page.goto(`${served.origin}/dashboard/#/hub`);
    await page.locator("tr[data-partition]").first().waitFor();
    expect(await page.locator("tr[data-partition]").count()).toBe(2);
    expect(await page.getByTestId("workers").textContent()).toContain(served.hub.service.options.workerId);

    const { QueueClient } = await import("@azure/storage-queue");
    const hubName = served.hub.service.options.taskHubName.toLowerCase();
    await new QueueClient(served.hub.azurite.connectionString, `${hubName}-control-00`).sendMessage("not a message");
    await eventually(async () => (await client().listPoisonMessages().byPage().next()).value ?? [], (list) => list.length > 0, 15_000);
    await page.goto(`${served.origin}/dashboard/#/poison`);
    const firstRow = page.locator("tr[data-poison-id]").first();
    expect(await firstRow.textContent()).toContain("not a message");
    const firstId = await firstRow.getAttribute("data-poison-id");
    // Requeued garbage is still garbage: the worker sets it aside again under a new id.
    await firstRow.locator('[data-action="requeue"]').click();
    await page.locator("#confirm-ok").click();
    await page.getByText(`Requeued ${firstId}`).waitFor();
    await eventually(async () => (await client().listPoisonMessages().byPage().next()).value ?? [], (list) => list.some((m: { id: string }) => m.id !== firstId), 15_000);
    await page.reload();
    const poisonRow = page.locator("tr[data-poison-id]").first();
    expect(await poisonRow.getAttribute("data-poison-id")).not.toBe(firstId);
    await poisonRow.locator('[data-action="delete"]').click();
    await page.locator("#confirm-ok").click();
    await page.getByText("No poison messages.").waitFor();
  });
});

describe("the key rule", () => {
  it("refuses the page and its data without the key, and works when opened with ?code=", async () => {
    const keyed = await serveDashboard(served.hub, "s3cret-key-0123456789");
    try {
      const origin = new URL(keyed.url).origin;
      expect((await fetch(`${origin}/dashboard/`)).status).toBe(401);
      expect((await fetch(`${origin}/dashboard/api/hub`)).status).toBe(401);
      expect((await fetch(`${origin}/dashboard/api/hub`, { headers: { "x-functions-key": "wrong" } })).status).toBe(401);
      // A change from elsewhere than the page (no x-dtfx-dashboard header) is refused even with the key.
      const forged = await fetch(`${origin}/dashboard/api/poison/x/requeue?code=s3cret-key-0123456789`, { method: "POST" });
      expect(forged.status).toBe(403);
      // The script holds no data: it loads without the key, as the page's <script> asks for it.
      expect((await fetch(`${origin}/dashboard/app.js`)).status).toBe(200);
      const id = await client().scheduleNewOrchestration("HelloCities");
      await page.goto(`${origin}/dashboard/?code=s3cret-key-0123456789#/`);
      await page.locator(`tr[data-instance-id="${id}"]`).waitFor();
      expect(await page.locator(".error").count()).toBe(0);
    } finally {
      await keyed.close();
    }
  });
});
