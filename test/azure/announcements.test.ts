// What this process announces about an instance's status, which lets waiters skip reads: a client's Pending
// must never replace newer news from a worker that ran the execution before the client's write returned.
import { describe, expect, it } from "vitest";
import { OrchestrationSessions } from "../../src/azure/sessions/orchestration-sessions.js";
import { createLogger } from "../../src/logging/logger.js";

// Announcements touch none of the storage collaborators.
const sessions = () => new OrchestrationSessions(...([undefined, undefined, undefined, undefined, undefined, createLogger()] as unknown as ConstructorParameters<typeof OrchestrationSessions>));

describe("status announcements", () => {
  it("keep a worker's news over the Pending of the same execution's create", () => {
    const s = sessions();
    s.notifyChange("i", "Completed", "e1");
    s.notifyCreated("i", "e1");
    expect(s.lastAnnounced("i")).toBe("Completed");
  });

  it("announce Pending for a new execution (a restart) and for a first create", () => {
    const s = sessions();
    s.notifyCreated("j", "e1");
    expect(s.lastAnnounced("j")).toBe("Pending");
    s.notifyChange("j", "Completed", "e1");
    s.notifyCreated("j", "e2");
    expect(s.lastAnnounced("j")).toBe("Pending");
  });

  it("wake a waiter with the status", async () => {
    const s = sessions();
    const change = s.waitForChange("k", new AbortController().signal);
    s.notifyChange("k", "Running", "e1");
    expect(await change).toBe("Running");
  });
});
