// Recognising storage failures by their HTTP status and error code. Checked structurally rather than with
// `instanceof RestError`, so a second copy of @azure/core-rest-pipeline in node_modules cannot fool it.

export function statusCodeOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === "number" ? status : undefined;
}

/** The storage service's error code (x-ms-error-code), e.g. "MessageNotFound", "PopReceiptMismatch". */
export function errorCodeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

export function isNotFound(error: unknown): boolean {
  return statusCodeOf(error) === 404;
}
