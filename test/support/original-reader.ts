// A reader with the original's rules, to check what dtfx writes: a queue body is JSON starting with `{` or base64
// of it (AS`MessageManager.cs:155-200`), typed by `$type` as Json.NET's TypeNameHandling.Objects reads it, with
// every member of the class the golden fixtures show in that order, a Sender always (OrchestrationSession reads
// it for every EventRaised); table columns of the types TableEntityConverter gives each member. Each check
// returns the problems it found, so a test can name them all.
import { loadFixtures } from "./original-fixtures.js";

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

const messageFixtures = Object.values(loadFixtures<{ body: Json }>("queue-messages.json").fixtures);
const historyFixtures = Object.values(loadFixtures<{ columns: Record<string, [string, unknown]> }>("history-rows.json").fixtures);

/** Each event class's members in order, from the fixtures (e.g. "DurableTask.Core.History.TaskScheduledEvent"). */
const EVENT_KEYS = new Map<string, string[]>();
for (const { body } of messageFixtures) {
  const event = (body.TaskMessage as Json | null)?.Event as Json | undefined;
  if (event) EVENT_KEYS.set(String(event.$type), Object.keys(event));
}
const ENVELOPE_KEYS = ["$type", "ActivityId", "TaskMessage", "CompressedBlobName", "SequenceNumber", "Episode", "Sender", "SerializableTraceContext"];

/** The EDM type of each History column the original writes, from the fixtures. */
const COLUMN_TYPES = new Map<string, string>();
for (const { columns } of historyFixtures) for (const [name, [type]] of Object.entries(columns)) COLUMN_TYPES.set(name, type);
for (const [name, type] of [["Version", "Edm.String"], ["ScheduledStartTime", "Edm.DateTime"], ["Correlation", "Edm.String"], ["ClientSpanId", "Edm.String"],
  ["Details", "Edm.String"], ["Result", "Edm.String"], ["Input", "Edm.String"], ["ParentExecutionId", "Edm.String"]] as const) COLUMN_TYPES.set(name, type);
const COMPLEX = new Set(["OrchestrationInstance", "ParentInstance", "Tags", "ParentTraceContext", "FailureDetails"]);

export interface ReadMessage {
  envelope: Json;
  event?: Json;
}

/** Parses a body as the original does; a blob reference is returned as is (the caller fetches the blob). */
export function readQueueBody(body: string, problems: string[]): ReadMessage | undefined {
  let text = body;
  if (!body.startsWith("{")) {
    text = Buffer.from(body, "base64").toString("utf8");
    if (!text.startsWith("{")) return void problems.push(`neither a JSON object nor base64 of one: ${body.slice(0, 40)}`);
  }
  let envelope: unknown;
  try {
    envelope = JSON.parse(text);
  } catch (error) {
    return void problems.push(`not JSON: ${(error as Error).message}`);
  }
  if (!isObject(envelope)) return void problems.push("not an object");
  if (envelope.$type !== "DurableTask.AzureStorage.MessageData") problems.push(`envelope $type ${String(envelope.$type)}`);
  const keys = Object.keys(envelope);
  // Episode may be left out (null); Sender only in the spill wrapper (AS`MessageData.cs:83-92`).
  const expected = ENVELOPE_KEYS.filter((k) => !(k === "Episode" && !keys.includes(k)) && !(k === "Sender" && envelope.TaskMessage === null));
  if (keys.join() !== expected.join()) problems.push(`envelope keys ${keys.join()} instead of ${expected.join()}`);
  if (typeof envelope.CompressedBlobName === "string") return { envelope };
  checkSender(envelope.Sender, problems);
  if (envelope.Episode !== undefined && !Number.isInteger(envelope.Episode)) problems.push("Episode is not an integer");
  const taskMessage = envelope.TaskMessage;
  if (!isObject(taskMessage) || taskMessage.$type !== "DurableTask.Core.TaskMessage") return void problems.push("no TaskMessage");
  const event = taskMessage.Event;
  if (!isObject(event)) return void problems.push("no Event");
  const layout = EVENT_KEYS.get(String(event.$type));
  if (!layout) problems.push(`unknown event $type ${String(event.$type)}`);
  else if (Object.keys(event).join() !== layout.join()) problems.push(`${String(event.$type)} keys ${Object.keys(event).join()}`);
  if (!Number.isInteger(event.EventType) || !Number.isInteger(event.EventId)) problems.push("EventType/EventId not integers");
  const context = taskMessage.OrchestrationExecutionContext;
  const needsContext = event.EventType === 4 || (event.EventType === 0 && event.ParentInstance !== null);
  if (needsContext !== isObject(context)) problems.push(`OrchestrationExecutionContext ${needsContext ? "missing" : "unexpected"} on EventType ${String(event.EventType)}`);
  if (event.EventType === 15 && event.Name === "op") checkEntityRequest(String(event.Input), problems);
  return { envelope, event };
}

function checkSender(sender: unknown, problems: string[]): void {
  if (!isObject(sender)) return void problems.push("no Sender (the original throws reading an EventRaised without one)");
  if ("$type" in sender) problems.push("Sender has a $type");
  if (typeof sender.InstanceId !== "string" || typeof sender.ExecutionId !== "string") problems.push(`Sender ${JSON.stringify(sender)}`);
}

/** RequestMessage: an object; `id` before any key but op, signal, input (OS:177-222); lockset of {name, key}. */
function checkEntityRequest(input: string, problems: string[]): void {
  let request: unknown;
  try {
    request = JSON.parse(input);
  } catch {
    return void problems.push("entity request is not JSON");
  }
  if (!isObject(request)) return void problems.push("entity request is not one object");
  const keys = Object.keys(request);
  if (keys.slice(0, keys.indexOf("id")).some((k) => !["op", "signal", "input"].includes(k)) || !keys.includes("id")) problems.push(`request keys ${keys.join()}`);
  for (const key of ["Timestamp", "Predecessor", "IsLockRequest", "createTrace"]) if (!(key in request)) problems.push(`request without ${key}`);
  if (Array.isArray(request.lockset) && request.lockset.some((m) => !isObject(m) || typeof m.name !== "string")) problems.push("lockset members are not {name, key}");
}

/** A History row read raw (`disableTypeConversion`), checked column by column against the original's types. */
export function checkHistoryRow(row: Json, problems: string[]): void {
  const at = `${String(row.partitionKey)}/${String(row.rowKey)}`;
  for (const [name, cell] of Object.entries(row)) {
    if (["partitionKey", "rowKey", "etag", "timestamp", "odata.metadata"].includes(name) || name.endsWith("BlobName")) continue;
    const expected = COLUMN_TYPES.get(name);
    const type = isObject(cell) ? `Edm.${String(cell.type)}` : "Edm.String";
    const value = isObject(cell) ? cell.value : cell;
    if (!expected) problems.push(`${at}: column ${name} the original does not write`);
    else if (expected !== type) problems.push(`${at}: ${name} is ${type}, the original writes ${expected}`);
    if (COMPLEX.has(name) && value !== "") {
      try {
        const parsed = JSON.parse(String(value)) as unknown;
        if (isObject(parsed) && "$type" in parsed) problems.push(`${at}: ${name} has a $type`);
      } catch {
        problems.push(`${at}: ${name} is not JSON`);
      }
    }
  }
  for (const name of ["EventType", "EventId", "IsPlayed", "_Timestamp", "ExecutionId"]) if (!(name in row)) problems.push(`${at}: no ${name}`);
}

/** An Instances row read raw, checked as the original's readers take it (ATS ConvertFromInstanceStatus). */
export function checkInstanceRow(row: Json, problems: string[]): void {
  const at = String(row.partitionKey);
  const value = (name: string) => (isObject(row[name]) ? (row[name] as Json).value : row[name]);
  const type = (name: string) => (isObject(row[name]) ? `Edm.${String((row[name] as Json).type)}` : "Edm.String");
  const status = String(value("RuntimeStatus"));
  if (!["Running", "Completed", "Failed", "Terminated", "Pending", "Suspended", "ContinuedAsNew"].includes(status)) problems.push(`${at}: RuntimeStatus ${status}`);
  for (const name of ["CreatedTime", "LastUpdatedTime", "CompletedTime", "ScheduledStartTime"]) {
    if (name in row && type(name) !== "Edm.DateTime") problems.push(`${at}: ${name} is ${type(name)}`);
  }
  if ("Generation" in row && type("Generation") !== "Edm.Int32") problems.push(`${at}: Generation is ${type("Generation")}`);
  const tags = value("Tags");
  if (tags !== undefined && tags !== "null" && !isObject(JSON.parse(String(tags)))) problems.push(`${at}: Tags ${String(tags)}`);
  if (status === "Failed" && !/^[\w.`+[\]]+: /.test(String(value("Output")))) problems.push(`${at}: Failed Output is not "Type: message": ${String(value("Output")).slice(0, 60)}`);
  if (!("CustomStatus" in row) && status !== "Pending") problems.push(`${at}: no CustomStatus`);
}
