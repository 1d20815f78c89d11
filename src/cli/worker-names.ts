// Whether `dtfx start <name>` can know the worker's orchestrator names: only by asking a running `dtfx start`
// (its dashboard API lists what its worker hosts). Elsewhere a worker in another process may host anything.
import { DEFAULT_HTTP_HOST } from "../http/binding-policy.js";

const DEFAULT_API_PORT = 7071;
const ASK_TIMEOUT_MS = 1_000;

export interface HostedNames {
  /** Where the names came from, for messages. */
  source: string;
  orchestrators: string[];
}

/**
 * The orchestrators the worker of a local `dtfx start` serving this task hub hosts (its API on
 * $DTFX_API_URL, else 127.0.0.1:7071); undefined when none answers for this hub.
 */
export async function hostedOrchestrators(taskHub: string): Promise<HostedNames | undefined> {
  const base = process.env.DTFX_API_URL ?? `http://${DEFAULT_HTTP_HOST}:${DEFAULT_API_PORT}`;
  const url = new URL("/dashboard/api/hub", base);
  const key = process.env.DTFX_API_KEY;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(ASK_TIMEOUT_MS), headers: key ? { "x-functions-key": key } : {} });
    if (!response.ok) return undefined;
    const hub = (await response.json()) as { taskHub?: unknown; orchestrators?: unknown };
    if (typeof hub.taskHub !== "string" || hub.taskHub.toLowerCase() !== taskHub.toLowerCase()) return undefined;
    if (!Array.isArray(hub.orchestrators)) return undefined;
    return { source: `the worker of 'dtfx start' at ${base}`, orchestrators: hub.orchestrators.map(String) };
  } catch {
    return undefined;
  }
}
