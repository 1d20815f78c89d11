export * from "./history-events.js";
export * from "./actions.js";
export * from "./errors.js";
