// The binding definitions the package's `df.input` and `df.trigger` return (for extraInputs and the like).
let bindingCounter = 0;

export interface DurableClientInput {
  type: "durableClient";
  name: string;
  [setting: string]: unknown;
}

/** `df.input.durableClient()`: add it to an HTTP function's extraInputs, then `df.getClient(context)`. */
export function durableClient(): DurableClientInput {
  return { type: "durableClient", name: `durableClientInput${++bindingCounter}` };
}

export const trigger = {
  activity: () => ({ type: "activityTrigger" as const, name: `activityTrigger${++bindingCounter}` }),
  orchestration: () => ({ type: "orchestrationTrigger" as const, name: `orchestrationTrigger${++bindingCounter}` }),
  entity: () => ({ type: "entityTrigger" as const, name: `entityTrigger${++bindingCounter}` }),
};
