// Reads a request body as JSON within a byte limit. An oversized body is refused from its Content-Length
// when it has one, else as soon as the limit is passed, without buffering the rest.
import type { IncomingMessage } from "node:http";
import { HttpError, badRequest } from "./http-errors.js";

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** The body parsed as JSON, or `{ present: false }` for an empty body (Durable Functions: no input). */
export type JsonBody = { present: false } | { present: true; value: unknown };

export async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<JsonBody> {
  const text = (await readBodyText(request, maxBytes)).trim();
  if (text === "") return { present: false };
  try {
    return { present: true, value: JSON.parse(text) };
  } catch (error) {
    throw badRequest("MalformedJson", `The request body is not valid JSON: ${(error as Error).message}`);
  }
}

export function readBodyText(request: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(tooLarge(maxBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total <= maxBytes) return void chunks.push(chunk);
      // Stop reading but keep the socket: the 413 still has to reach the caller before the connection closes.
      request.off("data", onData).pause();
      reject(tooLarge(maxBytes));
    };
    request.on("data", onData);
    request.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.once("error", reject);
  });
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, "PayloadTooLarge", `The request body is larger than the limit of ${maxBytes} bytes`, {
    connection: "close",
  });
}
