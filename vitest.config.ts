import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each file starts its own Azurite on free ports, so files run in parallel safely.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
