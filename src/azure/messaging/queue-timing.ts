// Queue visibility is set in whole seconds, between 0 and 7 days: the conversions from our milliseconds,
// and the original's backoff for abandoned messages.

/** Azure refuses a visibility timeout above 7 days. */
export const MAX_VISIBILITY_SECONDS = 7 * 24 * 60 * 60;

/** The original's cap on an abandoned message's backoff (10 minutes). */
export const MAX_ABANDON_BACKOFF_SECONDS = 600;

function toSeconds(ms: number): number {
  return Number.isFinite(ms) ? Math.ceil(Math.max(0, ms) / 1000) : MAX_VISIBILITY_SECONDS;
}

/**
 * The initial invisibility of a sent message. Rounded up, so a timer is never seen before its fireAt; capped
 * at 7 days (the caller splits longer timers, as Durable Functions does).
 */
export function sendDelayInSeconds(visibilityDelayInMs: number | undefined): number {
  return Math.min(MAX_VISIBILITY_SECONDS, toSeconds(visibilityDelayInMs ?? 0));
}

/** A receive's lock: at least the 1 s the service allows, rounded up so the lock is never shorter than asked. */
export function receiveVisibilityInSeconds(visibilityTimeoutInMs: number): number {
  return Math.min(MAX_VISIBILITY_SECONDS, Math.max(1, toSeconds(visibilityTimeoutInMs)));
}

/** A renewal or release: 0 makes the message visible at once. */
export function updateVisibilityInSeconds(visibilityTimeoutInMs: number): number {
  return Math.min(MAX_VISIBILITY_SECONDS, toSeconds(visibilityTimeoutInMs));
}

/** min(2^dequeueCount, 600) seconds, as the original backs off a message it gives back. */
export function abandonBackoffInSeconds(dequeueCount: number): number {
  if (dequeueCount > 30) return MAX_ABANDON_BACKOFF_SECONDS; // 2^31 would overflow the original's int
  return Math.min(2 ** Math.max(0, dequeueCount), MAX_ABANDON_BACKOFF_SECONDS);
}
