import { describe, expect, it } from "vitest";
import { EntityId } from "../../src/core/index.js";

describe("EntityId", () => {
  it("is @name@key with the name lower-cased, and parses back", () => {
    const id = new EntityId("Counter", "My Key/with@at");
    expect(id.toString()).toBe("@counter@My Key/with@at");
    const parsed = EntityId.fromInstanceId(id.toString())!;
    expect(parsed.equals(id)).toBe(true);
    expect(parsed.key).toBe("My Key/with@at");
    expect(new EntityId("COUNTER", "k").equals(new EntityId("counter", "k"))).toBe(true);
  });

  it("tells entity ids from orchestration ids and refuses bad names", () => {
    expect(EntityId.fromInstanceId("plain-orchestration")).toBeUndefined();
    expect(EntityId.fromInstanceId("@counter@")?.key).toBe("");
    expect(() => new EntityId("", "k")).toThrow(TypeError);
    expect(() => new EntityId("a@b", "k")).toThrow(TypeError);
  });
});
