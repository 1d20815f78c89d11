// Instance and execution ids as the original makes them (Guid.NewGuid().ToString("N"): 32 lower-case hex
// digits): one rule for the client's instance ids and the worker's execution ids. The backend contract's only
// code besides types, because both sides of it need the same ids.
import { randomUUID } from "node:crypto";

export function newId(): string {
  return randomUUID().replaceAll("-", "");
}
