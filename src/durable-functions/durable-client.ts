// The durable-functions DurableClient over dtfx's TaskHubClient: the same methods, argument orders and answers as
// the package (v3.x; v2.x's positional signatures too, for function.json apps), and the management URLs that
// `dtfx start` serves. Where the package would get an HTTP error from the Functions host, this throws the same.
import type { OrchestrationState } from "../backend/orchestration-service.js";
import { TERMINAL_STATUSES } from "../client/orchestration-state.js";
import { managementPayload, type ManagementPayload } from "../http/management-urls.js";
import { toStatusBody } from "../http/status-body.js";
import type { DurableClientBinding } from "./client-binding.js";
import type { HttpResponse } from "../functions/http-response.js";
import { checkStatusResponse, jsonResponse, type ProgrammingModel } from "./client-responses.js";
import { EntityStateResponse, schedulerIdOf, type EntityId } from "./entity-id.js";
import { NotSupportedByDtfxError } from "./errors.js";
import { DurableOrchestrationStatus, PurgeHistoryResult, type OrchestrationRuntimeStatus } from "./status.js";

export interface StartNewOptions {
  instanceId?: string;
  input?: unknown;
  version?: string;
}

export interface GetStatusOptions {
  showHistory?: boolean;
  showHistoryOutput?: boolean;
  showInput?: boolean;
}

export interface OrchestrationFilter {
  createdTimeFrom?: Date;
  createdTimeTo?: Date;
  runtimeStatus?: OrchestrationRuntimeStatus[];
}

export interface WaitForCompletionOptions {
  /** Default 10 000. */
  timeoutInMilliseconds?: number;
  /** Default 1 000. */
  retryIntervalInMilliseconds?: number;
}

/** The request being answered (v4 HttpRequest, or v3 `req`/bindingData); its URL does not steer the links. */
export type RequestWithUrl = { url?: string; http?: { url?: string } } | undefined;

export type HttpManagementPayload = ManagementPayload;

export class DurableClient {
  readonly taskHubName: string;
  readonly uniqueWebhookOrigins: string[];

  /** @internal Made by `getClient(context)`. */
  constructor(
    private readonly binding: DurableClientBinding,
    private readonly model: ProgrammingModel = "v4",
  ) {
    this.taskHubName = binding.taskHubName;
    this.uniqueWebhookOrigins = [new URL(binding.baseUrl).origin];
  }

  /**
   * 202 with a Location header and the management URLs, at the server's base URL. Typed as v4's
   * HttpResponse; function.json (v3) apps get v2.x's plain `{ status, body, headers }`, which their host expects.
   */
  createCheckStatusResponse(request: RequestWithUrl, instanceId: string): HttpResponse {
    return checkStatusResponse(this.model, this.links(request, instanceId)) as HttpResponse;
  }

  createHttpManagementPayload(instanceId: string): HttpManagementPayload {
    return this.links(undefined, instanceId);
  }

  /** Starts an orchestration: `startNew(name, { instanceId, input, version })`, or v2.x's `startNew(name, instanceId, input)`. */
  async startNew(orchestratorFunctionName: string, options?: StartNewOptions | string, input?: unknown): Promise<string> {
    if (typeof orchestratorFunctionName !== "string" || orchestratorFunctionName === "") {
      throw new Error("orchestratorFunctionName must be a valid string.");
    }
    const start: StartNewOptions = typeof options === "object" && options !== null ? options : { instanceId: options, input };
    if (this.binding.isKnownOrchestrator && !this.binding.isKnownOrchestrator(orchestratorFunctionName)) {
      throw new Error(`The function '${orchestratorFunctionName}' doesn't exist, is disabled, or is not an orchestrator function.`);
    }
    return this.binding.client.scheduleNewOrchestration(orchestratorFunctionName, start.input, {
      ...(start.instanceId ? { instanceId: start.instanceId } : {}),
      ...(start.version !== undefined ? { version: start.version } : {}),
    });
  }

  /**
   * The instance's status: `getStatus(id, { showHistory, showHistoryOutput, showInput })`, or v2.x's positional booleans.
   * An unknown id throws (v3.x); function.json apps (v2.x) get undefined, as that package answered.
   */
  async getStatus(instanceId: string, options?: GetStatusOptions | boolean, showHistoryOutput?: boolean, showInput?: boolean): Promise<DurableOrchestrationStatus> {
    const opts: GetStatusOptions = typeof options === "object" && options !== null ? options : { showHistory: options, showHistoryOutput, showInput };
    const state = await this.binding.client.getOrchestrationState(instanceId);
    if (!state) {
      if (this.model === "v3") return undefined as unknown as DurableOrchestrationStatus;
      throw new Error(`DurableClient error: no instance was found with the instanceId provided: ${instanceId}.`);
    }
    const history = opts.showHistory ? await this.binding.client.getOrchestrationHistory(instanceId) : undefined;
    const body = toStatusBody(state, { showInput: opts.showInput ?? true, history, showHistoryOutput: opts.showHistoryOutput ?? false });
    return new DurableOrchestrationStatus(body);
  }

  getStatusAll(): Promise<DurableOrchestrationStatus[]> {
    return this.list({});
  }

  /** `getStatusBy({ createdTimeFrom, createdTimeTo, runtimeStatus })`, or v2.x's `(from, to, statuses)`. */
  getStatusBy(filter: OrchestrationFilter | Date | undefined, createdTimeTo?: Date, runtimeStatus?: OrchestrationRuntimeStatus[]): Promise<DurableOrchestrationStatus[]> {
    return this.list(toFilter(filter, createdTimeTo, runtimeStatus));
  }

  async purgeInstanceHistory(instanceId: string): Promise<PurgeHistoryResult> {
    const result = await this.binding.client.purgeOrchestration(instanceId);
    return new PurgeHistoryResult(result.deletedInstanceCount);
  }

  /** `purgeInstanceHistoryBy({ createdTimeFrom, … })`, or v2.x's `(createdTimeFrom, createdTimeTo?, runtimeStatus?)`. */
  async purgeInstanceHistoryBy(filter: OrchestrationFilter | Date, createdTimeTo?: Date, runtimeStatus?: OrchestrationRuntimeStatus[]): Promise<PurgeHistoryResult> {
    const query = toFilter(filter, createdTimeTo, runtimeStatus);
    if (!(query.createdTimeFrom instanceof Date)) throw new Error("createdTimeFrom must be a valid Date");
    if (onlyCanceled(query)) return new PurgeHistoryResult(0);
    const result = await this.binding.client.purgeOrchestrations(toQuery(query));
    return new PurgeHistoryResult(result.deletedInstanceCount);
  }

  /** Sends an event; an unknown instance is an error, a finished one ignores it (the host answers 410). */
  async raiseEvent(instanceId: string, eventName: string, eventData: unknown, _options?: unknown): Promise<void> {
    if (!eventName) throw new Error("eventName must be a valid string.");
    if (await this.runningInstance(instanceId)) await this.binding.client.raiseEvent(instanceId, eventName, eventData);
  }

  async terminate(instanceId: string, reason: string): Promise<void> {
    if (await this.runningInstance(instanceId)) await this.binding.client.terminateOrchestration(instanceId, reason);
  }

  async suspend(instanceId: string, reason: string): Promise<void> {
    if (await this.runningInstance(instanceId)) await this.binding.client.suspendOrchestration(instanceId, reason);
  }

  async resume(instanceId: string, reason: string): Promise<void> {
    if (await this.runningInstance(instanceId)) await this.binding.client.resumeOrchestration(instanceId, reason);
  }

  /** Runs a failed instance again from where it failed. */
  async rewind(instanceId: string, reason: string, _options?: unknown): Promise<void> {
    const client = this.binding.client;
    if (typeof client.rewindOrchestration !== "function") {
      throw new NotSupportedByDtfxError("rewind is not supported by this dtfx build (its TaskHubClient has no rewindOrchestration)");
    }
    const state = await client.getOrchestrationState(instanceId, { fetchPayloads: false });
    if (!state) throw new Error(`No instance with ID '${instanceId}' found.`);
    if (state.runtimeStatus !== "Failed") throw new Error("The rewind operation is only supported on failed orchestration instances.");
    await client.rewindOrchestration(instanceId, reason);
  }

  async signalEntity(entityId: EntityId, operationName?: string, operationContent?: unknown, _options?: unknown): Promise<void> {
    await this.binding.client.signalEntity(schedulerIdOf(entityId), operationName ?? "", operationContent);
  }

  async readEntityState<T>(entityId: EntityId, _options?: unknown): Promise<EntityStateResponse<T>> {
    const entity = await this.binding.client.getEntity(schedulerIdOf(entityId));
    return entity ? new EntityStateResponse<T>(true, entity.state as T) : new EntityStateResponse<T>(false);
  }

  /**
   * Waits up to the timeout: 200 with the output once Completed, 200 with the status once Terminated, 500 with it
   * once Failed; still running then, the check-status response. v2.x passes the two times positionally.
   */
  async waitForCompletionOrCreateCheckStatusResponse(
    request: RequestWithUrl,
    instanceId: string,
    options?: WaitForCompletionOptions | number,
    retryIntervalInMilliseconds?: number,
  ): Promise<HttpResponse> {
    const opts = typeof options === "object" && options !== null ? options : { timeoutInMilliseconds: options, retryIntervalInMilliseconds };
    const timeout = opts.timeoutInMilliseconds ?? 10_000;
    const interval = opts.retryIntervalInMilliseconds ?? 1_000;
    if (interval > timeout) throw new Error(`Total timeout ${timeout} (ms) should be bigger than retry timeout ${interval} (ms)`);
    let state: OrchestrationState | undefined;
    try {
      state = await this.binding.client.waitForOrchestrationCompletion(instanceId, { timeoutInMs: timeout });
    } catch (error) {
      if ((error as Error)?.name !== "TimeoutError") throw error;
    }
    if (!state || !TERMINAL_STATUSES.has(state.runtimeStatus)) return this.createCheckStatusResponse(request, instanceId);
    const status = new DurableOrchestrationStatus(toStatusBody(state, { showInput: true }));
    if (state.runtimeStatus === "Completed") return jsonResponse(this.model, 200, status.output) as HttpResponse;
    return jsonResponse(this.model, state.runtimeStatus === "Failed" ? 500 : 200, status) as HttpResponse;
  }

  /**
   * Always at the server's configured base, never at the origin a request names: a Host header is the caller's to
   * choose, and a poller following a Location elsewhere would carry the key there (see http/request-guard.ts).
   */
  private links(_request: RequestWithUrl, instanceId: string): HttpManagementPayload {
    return managementPayload(new URL(this.binding.baseUrl).origin, instanceId, this.binding.key);
  }

  /** True when the instance is running; false when it has finished; an error when there is none. */
  private async runningInstance(instanceId: string): Promise<boolean> {
    const state = await this.binding.client.getOrchestrationState(instanceId, { fetchPayloads: false });
    if (!state) throw new Error(`No instance with ID '${instanceId}' found.`);
    return !TERMINAL_STATUSES.has(state.runtimeStatus);
  }

  private async list(filter: OrchestrationFilter): Promise<DurableOrchestrationStatus[]> {
    const statuses: DurableOrchestrationStatus[] = [];
    if (onlyCanceled(filter)) return statuses;
    for await (const state of this.binding.client.listOrchestrations(toQuery(filter))) {
      statuses.push(new DurableOrchestrationStatus(toStatusBody(state, { showInput: false })));
    }
    return statuses;
  }
}

/** The v2.x package's name for the same client. */
export { DurableClient as DurableOrchestrationClient };

function toFilter(filter: OrchestrationFilter | Date | undefined, createdTimeTo?: Date, runtimeStatus?: OrchestrationRuntimeStatus[]): OrchestrationFilter {
  if (filter instanceof Date || filter === undefined) return { createdTimeFrom: filter, createdTimeTo, runtimeStatus };
  return filter;
}

/** Canceled is listed by the package but never reported: a filter for it alone matches nothing. */
function onlyCanceled(filter: OrchestrationFilter): boolean {
  return Boolean(filter.runtimeStatus?.length) && filter.runtimeStatus!.every((s) => String(s) === "Canceled");
}

function toQuery(filter: OrchestrationFilter): { runtimeStatus?: OrchestrationState["runtimeStatus"][]; createdFrom?: Date; createdTo?: Date } {
  const statuses = filter.runtimeStatus?.filter((s) => String(s) !== "Canceled") as OrchestrationState["runtimeStatus"][] | undefined;
  return {
    ...(filter.createdTimeFrom ? { createdFrom: filter.createdTimeFrom } : {}),
    ...(filter.createdTimeTo ? { createdTo: filter.createdTimeTo } : {}),
    ...(statuses?.length ? { runtimeStatus: statuses } : {}),
  };
}
