// The Timestamp/Predecessor labels an orchestration puts on entity requests, as DurableTask.Core's MessageSorter.
import { describe, expect, it } from "vitest";
import { EntitySendOrder } from "../../src/core/entity-send-order.js";
import { encodeEntityRequest } from "../../src/core/index.js";

describe("entity send order", () => {
  it("stamps the current time, one tick later when needed, and names the previous request per destination", () => {
    const order = new EntitySendOrder();
    const now = new Date("2024-05-01T12:34:56.120Z");
    expect(order.label("@counter@a", now)).toEqual({ timestamp: "2024-05-01T12:34:56.12Z" });
    expect(order.label("@Counter@a", now)).toEqual({ timestamp: "2024-05-01T12:34:56.1200001Z", predecessor: "2024-05-01T12:34:56.12Z" });
    expect(order.label("@counter@b", now)).toEqual({ timestamp: "2024-05-01T12:34:56.12Z" });
    const later = new Date("2024-05-01T12:35:00Z");
    expect(order.label("@counter@a", later)).toEqual({ timestamp: "2024-05-01T12:35:00Z", predecessor: "2024-05-01T12:34:56.1200001Z" });
  });

  it("is written into the request in place of .NET's default date", () => {
    const text = encodeEntityRequest({ id: "x", op: "add", parent: "o", timestamp: "2024-05-01T12:35:00Z", predecessor: "2024-05-01T12:34:56.12Z" });
    expect(JSON.parse(text)).toMatchObject({ Timestamp: "2024-05-01T12:35:00Z", Predecessor: "2024-05-01T12:34:56.12Z" });
  });
});
