// Helpers the HTTP tests share: a JSON fetch against the API and polling a status URL until it settles.
import { expect } from "vitest";

export interface JsonReply {
  status: number;
  headers: Headers;
  body: any;
}

export async function call(url: string, init: RequestInit = {}): Promise<JsonReply> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

/** POSTs `body` as JSON (nothing when undefined), saying so: the keyless API refuses other POSTs. */
export const post = (url: string, body?: unknown, headers: Record<string, string> = {}) =>
  call(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });

/** POSTs text as it is (for malformed or oversized bodies), labelled as JSON. */
export const postText = (url: string, text: string) =>
  call(url, { method: "POST", headers: { "content-type": "application/json" }, body: text });

/** Polls a statusQueryGetUri the way a DF caller does, until it stops answering 202. */
export async function pollUntilDone(statusUrl: string, timeoutInMs = 20_000): Promise<JsonReply> {
  const deadline = Date.now() + timeoutInMs;
  for (;;) {
    const reply = await call(statusUrl);
    if (reply.status !== 202) return reply;
    expect(reply.headers.get("retry-after")).toBe("1");
    if (Date.now() > deadline) throw new Error(`Still running after ${timeoutInMs} ms: ${JSON.stringify(reply.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Polls until the instance reports one of these statuses (e.g. Running before an event is raised). */
export async function pollForStatus(statusUrl: string, statuses: string[], timeoutInMs = 20_000): Promise<JsonReply> {
  const deadline = Date.now() + timeoutInMs;
  for (;;) {
    const reply = await call(statusUrl);
    if (statuses.includes(reply.body?.runtimeStatus)) return reply;
    if (Date.now() > deadline) throw new Error(`Not ${statuses.join("/")} after ${timeoutInMs} ms: ${JSON.stringify(reply.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
