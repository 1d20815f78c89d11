// The functions an app registers (app.http here, app.orchestration/activity/entity in dtfx/durable-functions),
// kept on globalThis under a Symbol.for key: the ESM and CommonJS builds of these subpaths are separate module
// instances, and `dtfx start` must see what the user's file registered through either of them.

/** What `dtfx start` needs to run an orchestration, activity or entity: dtfx-native functions, already adapted. */
export type DurableRegistration =
  | { kind: "orchestration"; name: string; orchestrator: (ctx: any, input: any) => unknown }
  | { kind: "activity"; name: string; activity: (ctx: any, input: any) => unknown }
  | { kind: "entity"; name: string; entity: (ctx: any) => unknown };

/** One HTTP request as the host hands it to an HTTP function. */
export interface HttpInvocation {
  request: Request;
  /** Route parameters from the function's route template. */
  params: Record<string, string>;
  /** The value of an input binding of this type (e.g. the durable client), or undefined when the host has none. */
  bindingFor(type: string): unknown;
}

export interface HttpRegistration {
  kind: "http";
  name: string;
  /** The route template below /api/ (e.g. `orchestrators/{functionName}`); the function name when absent. */
  route: string;
  /** Upper-case methods; empty means any. */
  methods: string[];
  authLevel: "anonymous" | "function" | "admin";
  invoke(invocation: HttpInvocation): Promise<Response>;
}

export type FunctionRegistration = DurableRegistration | HttpRegistration;

/** The value `df.orchestrator(fn)` / `df.entity(fn)` (programming model v3) carries for the host, under these keys. */
export const V3_ORCHESTRATOR = Symbol.for("dtfx.functions.v3Orchestrator");
export const V3_ENTITY = Symbol.for("dtfx.functions.v3Entity");

const REGISTRY = Symbol.for("dtfx.functions.registrations");

type GlobalWithRegistry = typeof globalThis & { [REGISTRY]?: FunctionRegistration[] };

function registrations(): FunctionRegistration[] {
  const holder = globalThis as GlobalWithRegistry;
  return (holder[REGISTRY] ??= []);
}

export class DuplicateFunctionError extends Error {
  override readonly name = "DuplicateFunctionError";
}

/** Adds a registration; a second function of the same name (case-insensitively, as the Functions host) is refused. */
export function registerFunction(registration: FunctionRegistration): void {
  if (typeof registration.name !== "string" || registration.name.trim() === "") {
    throw new TypeError("A function needs a non-empty name");
  }
  const folded = registration.name.toLowerCase();
  if (registrations().some((r) => r.name.toLowerCase() === folded)) {
    throw new DuplicateFunctionError(`A function named '${registration.name}' is already registered`);
  }
  registrations().push(registration);
}

/** Everything registered so far, in order. */
export function registeredFunctions(): readonly FunctionRegistration[] {
  return [...registrations()];
}

/** Forgets every registration (the host calls it before loading an app; tests between apps). */
export function clearRegisteredFunctions(): void {
  registrations().length = 0;
}
