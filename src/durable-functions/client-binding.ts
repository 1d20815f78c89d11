// The durable client input binding: what `dtfx start` hands a client function (in `context.extraInputs` for
// v4, in `context.bindings` for v3), and `getClient(context)`, which finds it there as the package does.
import type { OrchestrationRuntimeStatus as CoreStatus } from "../core/index.js";
import type { OrchestrationState } from "../backend/orchestration-service.js";
import type { ClientHistoryEvent } from "../client/orchestration-state.js";
import { DurableClient } from "./durable-client.js";

const CLIENT_BINDING = Symbol.for("dtfx.durable-functions.clientBinding");

/** What the durable client needs of dtfx's TaskHubClient (declared by shape: the two builds share one client). */
export interface DurableClientBackend {
  scheduleNewOrchestration(name: string, input?: unknown, options?: { instanceId?: string; version?: string }): Promise<string>;
  getOrchestrationState(instanceId: string, options?: { fetchPayloads?: boolean }): Promise<OrchestrationState | undefined>;
  getOrchestrationHistory(instanceId: string): Promise<ClientHistoryEvent[]>;
  listOrchestrations(filter?: { runtimeStatus?: CoreStatus[]; createdFrom?: Date; createdTo?: Date }): AsyncIterable<OrchestrationState>;
  waitForOrchestrationCompletion(instanceId: string, options?: { timeoutInMs?: number }): Promise<OrchestrationState>;
  raiseEvent(instanceId: string, eventName: string, eventData?: unknown): Promise<void>;
  terminateOrchestration(instanceId: string, reason?: unknown): Promise<void>;
  suspendOrchestration(instanceId: string, reason?: string): Promise<void>;
  resumeOrchestration(instanceId: string, reason?: string): Promise<void>;
  /** Present in dtfx builds that can rewind a failed instance. */
  rewindOrchestration?(instanceId: string, reason?: string): Promise<void>;
  purgeOrchestration(instanceId: string): Promise<{ deletedInstanceCount: number }>;
  purgeOrchestrations(filter: { runtimeStatus?: CoreStatus[]; createdFrom?: Date; createdTo?: Date }): Promise<{ deletedInstanceCount: number }>;
  signalEntity(entityId: string, operationName: string, input?: unknown): Promise<void>;
  getEntity(entityId: string): Promise<{ state: unknown } | undefined>;
}

export interface DurableClientBindingInit {
  client: DurableClientBackend;
  taskHubName: string;
  /** Where the management API is served, e.g. `http://127.0.0.1:7071` (URLs without a request use it). */
  baseUrl: string;
  /** The host key the management URLs carry as `code=`. */
  key?: string;
  /** Registered orchestrator names are checked so that a typo fails at startNew, not as a stuck instance. */
  isKnownOrchestrator?(name: string): boolean;
}

export type DurableClientBinding = DurableClientBindingInit & { readonly [CLIENT_BINDING]: true };

export function createDurableClientBinding(init: DurableClientBindingInit): DurableClientBinding {
  return { ...init, [CLIENT_BINDING]: true };
}

function isClientBinding(value: unknown): value is DurableClientBinding {
  return typeof value === "object" && value !== null && (value as { [CLIENT_BINDING]?: boolean })[CLIENT_BINDING] === true;
}

const isClientInput = (input: { type?: string } | undefined) => input?.type === "durableClient" || input?.type === "orchestrationClient";

/**
 * The durable client of a client function: v4 (`extraInputs: [df.input.durableClient()]`) or v3 (a function.json
 * binding of type durableClient or orchestrationClient).
 */
export function getClient(context: unknown): DurableClient {
  const v4 = context as { options?: { extraInputs?: { type?: string }[] }; extraInputs?: { get(input: unknown): unknown } };
  if (Array.isArray(v4?.options?.extraInputs)) {
    const input = v4.options.extraInputs.find(isClientInput);
    if (!input) {
      throw new Error("Could not find a registered durable client input binding. Check your extraInputs definition when registering your function.");
    }
    const binding = v4.extraInputs?.get(input);
    if (!isClientBinding(binding)) {
      throw new Error("Received input is not a valid durable client input: run this function under `dtfx start --module`.");
    }
    return new DurableClient(binding, "v4");
  }
  const bindings = (context as { bindings?: Record<string, unknown> })?.bindings;
  const binding = bindings && Object.values(bindings).find(isClientBinding);
  if (!binding) {
    throw new Error("An orchestration client function must have an orchestrationClient input binding. Check your function.json definition.");
  }
  return new DurableClient(binding, "v3");
}
