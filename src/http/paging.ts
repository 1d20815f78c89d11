// Pages over HTTP as Durable Functions does: the x-ms-continuation-token header asks for the next page and
// carries the token of the page after it.
import { badRequest } from "./http-errors.js";
import type { ApiRequest, ApiResponse } from "./api-handler.js";

export const CONTINUATION_HEADER = "x-ms-continuation-token";

export function readContinuationToken(request: ApiRequest): string | undefined {
  const token = request.request.headers[CONTINUATION_HEADER];
  return typeof token === "string" && token !== "" ? token : undefined;
}

/** The first page of an Azure-SDK-style paged iterator; a token the backend cannot read (a TypeError) is a 400. */
export async function firstPage<P>(next: Promise<IteratorResult<P>>, continuationToken: string | undefined): Promise<P | undefined> {
  try {
    const result = await next;
    return result.done ? undefined : result.value;
  } catch (error) {
    if (continuationToken && error instanceof TypeError) throw badRequest("InvalidContinuationToken", error.message);
    throw error;
  }
}

/** 200 with the page's items, and the next page's token in the header when there is one. */
export function pageResponse(items: unknown[], continuationToken: string | undefined): ApiResponse {
  return { status: 200, headers: continuationToken ? { [CONTINUATION_HEADER]: continuationToken } : {}, body: items };
}
