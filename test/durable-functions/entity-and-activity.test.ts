// context.df in entities (over dtfx's own operation context), v4 activities' (input, context), and v3's
// df.orchestrator/df.entity exports, without storage.
import { describe, expect, it } from "vitest";
import { EntityId as CoreEntityId } from "../../src/core/index.js";
import { OperationContext } from "../../src/core/entity-context.js";
import * as df from "../../src/durable-functions/index.js";
import { adaptEntity } from "../../src/durable-functions/entity-context.js";
import { entityContextFactory } from "../../src/durable-functions/function-contexts.js";
import { clearRegisteredFunctions, registeredFunctions, V3_ENTITY, V3_ORCHESTRATOR } from "../../src/functions/function-registry.js";

function operation(op: string, input?: unknown, state?: unknown) {
  const exists = state !== undefined;
  return new OperationContext(new CoreEntityId("Counter", "k"), op, input === undefined ? undefined : JSON.stringify(input), exists ? JSON.stringify(state) : undefined, exists, () => "new-id");
}

const counter = adaptEntity((context: any) => {
  const currentValue = context.df.getState(() => 0);
  switch (context.df.operationName) {
    case "add":
      context.df.setState(currentValue + context.df.getInput());
      break;
    case "get":
      context.df.return(currentValue);
      break;
    case "describe":
      context.df.return({ name: context.df.entityName, key: context.df.entityKey, id: String(context.df.entityId), isNew: context.df.isNewlyConstructed });
      break;
    case "delete":
      context.df.destructOnExit();
      break;
    case "forward":
      context.df.signalEntity(new df.EntityId("Other", "k2"), "add", 1);
      break;
  }
}, entityContextFactory("v4"));

describe("context.df in entities", () => {
  it("the counter sample: getState(initializer), setState, getInput, return", async () => {
    const add = operation("add", 5, 2);
    await counter(add);
    expect(add.stateText()).toBe("7");
    const get = operation("get", undefined, 7);
    await counter(get);
    expect(get.returned).toBe("7");
  });

  it("an initializer's value is only an answer until setState, as in the package", async () => {
    const get = operation("get");
    await counter(get);
    expect(get.returned).toBe("0");
    expect(get.stateText()).toBeUndefined();
  });

  it("entityName, entityKey, entityId and isNewlyConstructed", async () => {
    const fresh = operation("describe");
    await counter(fresh);
    expect(JSON.parse(fresh.returned!)).toEqual({ name: "counter", key: "k", id: "@counter@k", isNew: true });
    const existing = operation("describe", undefined, 1);
    await counter(existing);
    expect(JSON.parse(existing.returned!).isNew).toBe(false);
  });

  it("destructOnExit deletes the entity; signalEntity sends to @name@key", async () => {
    const deleted = operation("delete", undefined, 3);
    await counter(deleted);
    expect(deleted.stateText()).toBeUndefined();
    const forward = operation("forward", undefined, 3);
    await counter(forward);
    expect(forward.outbound).toEqual([{ kind: "signal", target: "@other@k2", operationName: "add", input: "1" }]);
  });
});

describe("df.app registrations and v3 exports", () => {
  it("df.app.activity's handler gets (input, context) with the function's name; the registration returns a task factory", async () => {
    clearRegisteredFunctions();
    const sayHello = df.app.activity("SayHello", { handler: (input: string, context) => `${context.functionName}: Hello ${input}` });
    const registration = registeredFunctions()[0]!;
    expect(registration).toMatchObject({ kind: "activity", name: "SayHello" });
    expect(await (registration as { activity: (ctx: unknown, input: unknown) => unknown }).activity({}, "Ada")).toBe("SayHello: Hello Ada");
    expect(sayHello("Ada")).toBeInstanceOf(df.RegisteredActivityTask);
    expect(() => df.app.activity("sayhello", { handler: () => 1 })).toThrow(/already registered/);
    expect(() => df.app.activity("NoHandler", {} as never)).toThrow(/needs options with a handler function/);
    clearRegisteredFunctions();
  });

  it("df.app.orchestration and df.app.entity take a function or { handler }", () => {
    clearRegisteredFunctions();
    df.app.orchestration("A", function* () {
      return 1;
    });
    df.app.orchestration("B", { handler: function* () {} });
    df.app.entity("C", () => {});
    df.app.entity("D", { handler: () => {} });
    expect(registeredFunctions().map((r) => [r.kind, r.name])).toEqual([["orchestration", "A"], ["orchestration", "B"], ["entity", "C"], ["entity", "D"]]);
    clearRegisteredFunctions();
  });

  it("df.orchestrator(fn) and df.entity(fn) (v3) carry the hosted function; calling them directly says where they run", () => {
    const orchestrator = df.orchestrator(function* () {});
    const entity = df.entity(() => {});
    expect(typeof (orchestrator as any)[V3_ORCHESTRATOR]).toBe("function");
    expect(typeof (entity as any)[V3_ENTITY]).toBe("function");
    expect(() => orchestrator({})).toThrow(df.NotSupportedByDtfxError);
    expect(() => orchestrator({})).toThrow(/dtfx start --module <function app folder>/);
  });

  it("clients of other triggers are refused by name", () => {
    expect(() => df.app.client.timer("Nightly")).toThrow(/HTTP-triggered client functions only/);
    expect(() => df.app.setExceptionPropertiesProvider(undefined)).toThrow(/not supported by dtfx/);
  });
});
