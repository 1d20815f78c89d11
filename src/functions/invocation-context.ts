// @azure/functions v4's InvocationContext: what every handler gets as `context` (its name, its bindings'
// definitions and values, and logging). Logs go to the console with the function's name in front.
import { format } from "node:util";

export interface FunctionBinding {
  name: string;
  type: string;
  [setting: string]: unknown;
}

export interface EffectiveFunctionOptions {
  trigger: FunctionBinding;
  return?: FunctionBinding;
  extraInputs: FunctionBinding[];
  extraOutputs: FunctionBinding[];
}

export type LogLevel = "trace" | "debug" | "information" | "warning" | "error";
export type LogHandler = (level: LogLevel, ...args: unknown[]) => void;

export interface InvocationContextInit {
  invocationId?: string;
  functionName?: string;
  options?: Partial<EffectiveFunctionOptions>;
  logHandler?: LogHandler;
  triggerMetadata?: Record<string, unknown>;
}

/** Values of bindings by binding (or name). */
class BindingValues {
  readonly #values = new Map<string, unknown>();
  get(bindingOrName: FunctionBinding | string): any {
    return this.#values.get(typeof bindingOrName === "string" ? bindingOrName : bindingOrName.name);
  }
  set(bindingOrName: FunctionBinding | string, value: unknown): void {
    this.#values.set(typeof bindingOrName === "string" ? bindingOrName : bindingOrName.name, value);
  }
}

export class InvocationContext {
  invocationId: string;
  functionName: string;
  readonly extraInputs = new BindingValues();
  readonly extraOutputs = new BindingValues();
  options: EffectiveFunctionOptions;
  triggerMetadata?: Record<string, unknown>;
  readonly #log: LogHandler;

  constructor(init: InvocationContextInit = {}) {
    this.invocationId = init.invocationId ?? "unknown";
    this.functionName = init.functionName ?? "unknown";
    this.options = {
      trigger: init.options?.trigger ?? { name: "unknown", type: "unknown" },
      return: init.options?.return,
      extraInputs: init.options?.extraInputs ?? [],
      extraOutputs: init.options?.extraOutputs ?? [],
    };
    this.triggerMetadata = init.triggerMetadata;
    this.#log = init.logHandler ?? consoleLogHandler(this.functionName);
  }

  log(...args: unknown[]): void {
    this.#log("information", ...args);
  }
  trace(...args: unknown[]): void {
    this.#log("trace", ...args);
  }
  debug(...args: unknown[]): void {
    this.#log("debug", ...args);
  }
  info(...args: unknown[]): void {
    this.#log("information", ...args);
  }
  warn(...args: unknown[]): void {
    this.#log("warning", ...args);
  }
  error(...args: unknown[]): void {
    this.#log("error", ...args);
  }
}

/** `[name] message` on stdout (errors and warnings on stderr). */
export function consoleLogHandler(functionName: string): LogHandler {
  return (level, ...args) => {
    const line = `[${functionName}] ${format(...args)}`;
    if (level === "error" || level === "warning") console.error(line);
    else console.log(line);
  };
}
