// Raised when another writer changed an instance's history since we read it (the sentinel's ETag moved, or a
// new instance's sentinel already exists). The episode must be abandoned and its cached state dropped.

export class HistoryConflictError extends Error {
  override readonly name = "HistoryConflictError";

  constructor(
    readonly instanceId: string,
    options?: { cause?: unknown },
  ) {
    super(`Another worker updated the history of instance '${instanceId}' first; this episode must be abandoned`, options);
  }
}
