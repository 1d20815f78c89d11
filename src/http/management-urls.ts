// The management payload Durable Functions returns when an orchestration starts: absolute URLs for each
// operation, with the `{eventName}` and `{text}` placeholders left for the caller to fill in, as DF writes them.
export const API_PREFIX = "/runtime/webhooks/durabletask";

export interface ManagementPayload {
  id: string;
  statusQueryGetUri: string;
  sendEventPostUri: string;
  terminatePostUri: string;
  rewindPostUri: string;
  purgeHistoryDeleteUri: string;
  suspendPostUri: string;
  resumePostUri: string;
}

/** `origin` is e.g. `http://127.0.0.1:7071`; with a key every URL carries `code=<key>`. */
export function managementPayload(origin: string, instanceId: string, key?: string): ManagementPayload {
  const instance = `${origin}${API_PREFIX}/instances/${encodeURIComponent(instanceId)}`;
  const code = key ? `code=${encodeURIComponent(key)}` : "";
  const plain = (path: string) => `${instance}${path}${code ? `?${code}` : ""}`;
  const withReason = (path: string) => `${instance}${path}?reason={text}${code ? `&${code}` : ""}`;
  return {
    id: instanceId,
    statusQueryGetUri: plain(""),
    sendEventPostUri: plain("/raiseEvent/{eventName}"),
    terminatePostUri: withReason("/terminate"),
    rewindPostUri: withReason("/rewind"),
    purgeHistoryDeleteUri: plain(""),
    suspendPostUri: withReason("/suspend"),
    resumePostUri: withReason("/resume"),
  };
}
