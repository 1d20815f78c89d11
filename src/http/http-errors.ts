// Errors the HTTP API answers with: each carries its status and a stable code, rendered as
// `{ error: { code, message } }` so every failure has the same shape.
export class HttpError extends Error {
  override readonly name = "HttpError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Thrown before anything listens: a non-loopback interface without a key would expose the hub to the network. */
export class UnsafeBindingError extends Error {
  override readonly name = "UnsafeBindingError";
}

export const badRequest = (code: string, message: string) => new HttpError(400, code, message);
export const notFound = (message: string) => new HttpError(404, "NotFound", message);
export const gone = (message: string) => new HttpError(410, "Gone", message);
