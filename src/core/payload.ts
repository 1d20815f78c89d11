// User values travel as JSON text, as the original stores them; `undefined` stays absent.

/** JSON text for a value, or undefined for undefined. Throws a TypeError for what JSON cannot carry. */
export function stringifyPayload(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new TypeError(`The value cannot be serialized as JSON: ${(error as Error).message}`, { cause: error });
  }
  if (text === undefined) throw new TypeError(`A value of type ${typeof value} cannot be serialized as JSON`);
  return text;
}

/** The value of JSON text; absent or empty text is undefined. */
export function parsePayload(text: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  return JSON.parse(text);
}
