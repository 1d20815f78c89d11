// The `context` of Azure Functions' Node.js programming model v3 (function.json apps): invocation ids, the
// bindings by name, `log` (callable, with levels) and `done()` for functions that are not async.
import { format } from "node:util";

export interface V3Logger {
  (...args: unknown[]): void;
  error(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  info(...args: unknown[]): void;
  verbose(...args: unknown[]): void;
}

export interface V3Context {
  invocationId: string;
  executionContext: { invocationId: string; functionName: string; functionDirectory: string };
  bindings: Record<string, any>;
  bindingData: Record<string, any>;
  traceContext: Record<string, unknown>;
  log: V3Logger;
  /** For functions that are not async: the host takes the result from here. */
  done(error?: unknown, result?: unknown): void;
  res?: unknown;
  [other: string]: any;
}

export interface V3ContextInit {
  functionName: string;
  invocationId: string;
  functionDirectory?: string;
  bindings?: Record<string, unknown>;
  bindingData?: Record<string, unknown>;
  /** Called by `context.done(error, result)`. */
  onDone?: (error: unknown, result: unknown) => void;
}

export function createV3Context(init: V3ContextInit): V3Context {
  const line = (args: unknown[]) => `[${init.functionName}] ${format(...args)}`;
  const log = Object.assign((...args: unknown[]) => console.log(line(args)), {
    error: (...args: unknown[]) => console.error(line(args)),
    warn: (...args: unknown[]) => console.error(line(args)),
    info: (...args: unknown[]) => console.log(line(args)),
    verbose: (...args: unknown[]) => console.log(line(args)),
  });
  return {
    invocationId: init.invocationId,
    executionContext: { invocationId: init.invocationId, functionName: init.functionName, functionDirectory: init.functionDirectory ?? "" },
    bindings: { ...init.bindings },
    bindingData: { invocationId: init.invocationId, ...init.bindingData },
    traceContext: {},
    log,
    done: (error?: unknown, result?: unknown) => init.onDone?.(error, result),
  };
}
