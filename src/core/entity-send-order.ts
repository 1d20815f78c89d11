// The labels an orchestration puts on the requests it sends to entities, as DurableTask.Core's MessageSorter does
// (CO`Entities/StateFormat/MessageSorter.cs:54-108`): Timestamp = the orchestration's current time, strictly
// increasing per destination (one .NET tick later when needed), Predecessor = the previous one sent there. A .NET
// entity uses them to order and deduplicate a parent's requests: one labelled 0001-01-01 would look like a
// duplicate and be dropped. Deterministic: rebuilt the same on every replay.

/** A .NET DateTime (UTC) as milliseconds since the epoch plus 100 ns ticks within the millisecond. */
interface Ticks {
  ms: number;
  ticks: number;
}

export class EntitySendOrder {
  private readonly lastSent = new Map<string, Ticks>();

  /** The Timestamp and Predecessor (undefined for the first) of the next request to `destination`, as Json.NET writes them. */
  label(destination: string, now: Date): { timestamp: string; predecessor?: string } {
    const key = destination.toLowerCase(); // the original's map ignores case
    const last = this.lastSent.get(key);
    let next: Ticks = { ms: now.getTime(), ticks: 0 };
    if (last && (next.ms < last.ms || (next.ms === last.ms && next.ticks <= last.ticks))) {
      next = last.ticks === 9_999 ? { ms: last.ms + 1, ticks: 0 } : { ms: last.ms, ticks: last.ticks + 1 };
    }
    this.lastSent.set(key, next);
    return { timestamp: formatTicks(next), ...(last && { predecessor: formatTicks(last) }) };
  }
}

/** Json.NET's form of a UTC DateTime: trailing zeros of the fraction trimmed, "Z". */
export function formatJsonNetUtc(date: Date): string {
  return formatTicks({ ms: date.getTime(), ticks: 0 });
}

/** Json.NET's form of a UTC DateTime: up to 7 fractional digits, trailing zeros trimmed, "Z". */
function formatTicks({ ms, ticks }: Ticks): string {
  const iso = new Date(ms).toISOString(); // yyyy-mm-ddThh:mm:ss.sssZ
  const fraction = `${iso.slice(20, 23)}${String(ticks).padStart(4, "0")}`.replace(/0+$/, "");
  return `${iso.slice(0, 19)}${fraction ? `.${fraction}` : ""}Z`;
}
