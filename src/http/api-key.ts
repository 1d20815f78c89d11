// The API key check: the key may come as the `code` query parameter (what the management URLs carry) or
// the `x-functions-key` header, as Azure Functions accepts it.
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { HttpError } from "./http-errors.js";

export function assertApiKey(request: IncomingMessage, url: URL, key: string | undefined): void {
  if (!key) return;
  const header = request.headers["x-functions-key"];
  const given = url.searchParams.get("code") ?? (typeof header === "string" ? header : undefined);
  if (given !== undefined && sameSecret(given, key)) return;
  throw new HttpError(401, "Unauthorized", "This API needs a key: pass it as ?code=<key> or the x-functions-key header");
}

/** Compares digests so the time taken says nothing about the key. */
function sameSecret(given: string, key: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(given), digest(key));
}
