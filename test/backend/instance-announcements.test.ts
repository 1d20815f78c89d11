// What this process announces about an instance's status, which lets waiters skip reads: a client's Pending
// must never replace newer news from a worker that ran the execution before the client's write returned, and a
// lost partition sends its waiters back to reading.
import { describe, expect, it } from "vitest";
import { InstanceAnnouncements } from "../../src/backend/instance-announcements.js";

const never = () => new AbortController().signal;

describe("status announcements", () => {
  it("keep a worker's news over the Pending of the same execution's create", () => {
    const a = new InstanceAnnouncements();
    a.changed("i", { runtimeStatus: "Completed" }, "e1");
    a.created("i", "e1");
    expect(a.lastChange("i")).toEqual({ runtimeStatus: "Completed" });
  });

  it("announce Pending for a new execution (a restart) and for a first create", () => {
    const a = new InstanceAnnouncements();
    a.created("j", "e1");
    expect(a.statusOf("j")).toBe("Pending");
    a.changed("j", { runtimeStatus: "Completed" }, "e1");
    a.created("j", "e2");
    expect(a.statusOf("j")).toBe("Pending");
  });

  it("wake a waiter with the change", async () => {
    const a = new InstanceAnnouncements();
    const change = a.nextChange("k", never());
    a.changed("k", { runtimeStatus: "Running" }, "e1");
    expect(await change).toEqual({ runtimeStatus: "Running" });
  });

  it("wake waiters without news when their instances are released, and forget what they knew", async () => {
    const a = new InstanceAnnouncements();
    a.changed("p0-a", { runtimeStatus: "Running" });
    const released = a.nextChange("p0-a", never());
    const kept = a.nextChange("p1-b", never());
    a.release((id) => id.startsWith("p0-"));
    expect(await released).toBeUndefined();
    expect(a.lastChange("p0-a")).toBeUndefined();
    a.changed("p1-b", { runtimeStatus: "Completed" });
    expect(await kept).toEqual({ runtimeStatus: "Completed" });
  });

  it("resolve an aborted wait with undefined and keep no listener", async () => {
    const a = new InstanceAnnouncements();
    const controller = new AbortController();
    const change = a.nextChange("m", controller.signal);
    controller.abort();
    expect(await change).toBeUndefined();
    expect(await a.nextChange("m", controller.signal)).toBeUndefined();
  });

  it("forget a purged instance", () => {
    const a = new InstanceAnnouncements();
    a.changed("n", { runtimeStatus: "Completed" });
    a.forget("n");
    expect(a.lastChange("n")).toBeUndefined();
  });
});
