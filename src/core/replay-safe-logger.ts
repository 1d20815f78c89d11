// A logger that stays quiet while an orchestrator replays, so each line is written once per real step, not once
// per episode. Works with any logger object (console, pino, dtfx's own): its methods become no-ops on replay.
export function replaySafeLogger<L extends object>(logger: L, isReplaying: () => boolean): L {
  return new Proxy(logger, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => (isReplaying() ? undefined : (value as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
}
