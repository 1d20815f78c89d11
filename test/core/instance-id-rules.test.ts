// The one rule for new instance ids: every refusal names its rule, and the key length agrees with the table key.
import { describe, expect, it } from "vitest";
import {
  assertNewOrchestrationId,
  assertStorableInstanceId,
  InvalidInstanceIdError,
  instanceKeyLength,
  MAX_INSTANCE_KEY_LENGTH,
  newOrchestrationIdProblem,
} from "../../src/core/index.js";
import { sanitizeKey } from "../../src/azure/key-sanitation.js";

describe("new orchestration ids", () => {
  it("accepts ordinary ids and the characters tables escape", () => {
    for (const id of ["a", "order-42", "with/slash", "with\\backslash", "a#b?c^d", "日本語-🎉", " spaced ", "a.b", "...", "a/.b/c."]) {
      expect(newOrchestrationIdProblem(id), id).toBeUndefined();
    }
  });

  it.each([
    ["../probehub-leases/evil", /'\.' or '\.\.' as a path segment/],
    ["a/../b", /'\.' or '\.\.' as a path segment/],
    ["a\\..\\b", /'\.' or '\.\.' as a path segment/],
    [".", /'\.' or '\.\.' as a path segment/],
    ["/abs", /empty path segment/],
    ["trailing/", /empty path segment/],
    ["a//b", /empty path segment/],
    ["ctl\u0001x", /control characters/],
    ["esc\u001b[2J", /control characters/],
    ["del\u007f", /control characters/],
    ["c1\u0085", /control characters/],
    ["line\u2028sep", /U\+2028 or U\+2029/],
    ["para\u2029sep", /U\+2028 or U\+2029/],
    ["@counter@key", /must not begin with '@'/],
    ["a\ud800b", /unpaired UTF-16 surrogate/],
    ["", /non-empty string/],
    ["x".repeat(MAX_INSTANCE_KEY_LENGTH + 1), /fit a table key: 513/],
    ["#".repeat(257), /fit a table key: 514/],
  ])("refuses %j naming the rule", (id, rule) => {
    expect(() => assertNewOrchestrationId(id)).toThrow(InvalidInstanceIdError);
    expect(() => assertNewOrchestrationId(id)).toThrow(rule);
  });

  it("shows a refused id escaped, never raw", () => {
    try {
      assertNewOrchestrationId("x\u001b[2J\u0085\u2028");
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain("x\\u001b[2J\\u0085\\u2028");
      expect((error as Error).message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028]/);
    }
  });

  it("refuses non-strings", () => {
    for (const bad of [undefined, null, 42, {}]) expect(() => assertNewOrchestrationId(bad)).toThrow(/non-empty string/);
  });
});

describe("storable ids (also entity ids)", () => {
  it("allow a leading @ and path segments, refuse what storage cannot hold", () => {
    expect(() => assertStorableInstanceId("@counter@../x")).not.toThrow();
    expect(() => assertStorableInstanceId("@counter@a\u0001")).toThrow(/control characters/);
    expect(() => assertStorableInstanceId("@counter@a\u2028")).toThrow(/U\+2028/);
  });

  it("measure the key length as the table key sanitizer writes it", () => {
    for (const id of ["plain", "a/b\\c#d?e^f", "^^^^", "/#?\\", "日本/語"]) expect(instanceKeyLength(id)).toBe(sanitizeKey(id).length);
  });
});
