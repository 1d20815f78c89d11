import { describe, expect, it } from "vitest";
import {
  formatJsonNetDate,
  OrderedJson,
  parseIsoDate,
  writeJson,
} from "../../../src/azure/messaging/json-net-format.js";

describe("Json.NET formats", () => {
  it("writes dates as Json.NET does: Z, up to 7 digits, trailing zeros trimmed, no fraction when zero", () => {
    expect(formatJsonNetDate(new Date("2024-05-06T07:08:09.123Z"))).toBe("2024-05-06T07:08:09.123Z");
    expect(formatJsonNetDate(new Date("2024-05-06T07:08:09.120Z"))).toBe("2024-05-06T07:08:09.12Z");
    expect(formatJsonNetDate(new Date("2024-05-06T07:08:09.000Z"))).toBe("2024-05-06T07:08:09Z");
    expect(formatJsonNetDate(new Date("0001-01-01T00:00:00Z"))).toBe("0001-01-01T00:00:00Z");
  });

  it("reads any ISO 8601 date-time, treating one without a zone as UTC", () => {
    expect(parseIsoDate("2024-05-06T07:08:09.1234567Z")).toEqual(new Date("2024-05-06T07:08:09.123Z"));
    expect(parseIsoDate("2024-05-06T07:08:09Z")).toEqual(new Date("2024-05-06T07:08:09Z"));
    expect(parseIsoDate("2024-05-06T09:08:09.5+02:00")).toEqual(new Date("2024-05-06T07:08:09.500Z"));
    expect(parseIsoDate("2024-05-06T09:08:09-0130")).toEqual(new Date("2024-05-06T10:38:09Z"));
    expect(parseIsoDate("2024-05-06T07:08")).toEqual(new Date("2024-05-06T07:08:00Z"));
    expect(parseIsoDate("2024-05-06T07:08:09")).toEqual(new Date("2024-05-06T07:08:09Z"));
    expect(parseIsoDate("0001-01-01T00:00:00")).toEqual(new Date("0001-01-01T00:00:00Z"));
    for (const bad of ["", "yesterday", "2024-05-06", "2024-13-06T00:00:00Z", "1714979289"]) {
      expect(parseIsoDate(bad), bad).toBeUndefined();
    }
  });

  it("keeps property order, even for keys JavaScript objects would move first", () => {
    const json = writeJson(new OrderedJson([["b", 1], ["1", null], ["a", [true, "x"]]]));
    expect(json).toBe('{"b":1,"1":null,"a":[true,"x"]}');
  });
});
