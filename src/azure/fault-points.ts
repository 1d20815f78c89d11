// Named points in the commit paths where a test can make this process die at once (SIGKILL), to prove that
// a crash at any step loses nothing. Armed only by the DTFX_FAULT_POINT environment variable, read once.
const armed = typeof process !== "undefined" ? process.env.DTFX_FAULT_POINT : undefined;

export type FaultPoint =
  | "episode.afterMessagesSent"
  | "episode.afterHistoryAppended"
  | "episode.afterInstanceRowMerged"
  | "episode.beforeInputsDeleted"
  | "activity.running"
  | "activity.handedOffRunning"
  | "activity.afterResultSent";

export function faultPoint(name: FaultPoint): void {
  if (armed === name) process.kill(process.pid, "SIGKILL");
}
