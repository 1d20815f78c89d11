// Reads until a condition holds or the time is up, and returns the last value read (the test then asserts on it).
export async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutInMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutInMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}
