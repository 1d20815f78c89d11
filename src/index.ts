// The public surface of dtfx: users import only from here.
export * from "./core/index.js";
export { startAzurite } from "./azurite/start-azurite.js";
export type { StartAzuriteOptions, RunningAzurite } from "./azurite/start-azurite.js";
