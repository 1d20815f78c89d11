// `df.input`: the durable client input binding.
export { durableClient } from "./bindings.js";
