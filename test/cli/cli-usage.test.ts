// `dtfx` argument errors and an unreachable storage account: no Azurite needed.
import { createServer } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { assertCliBuilt, runCli } from "./cli-harness.js";

beforeAll(() => assertCliBuilt());

/** A port nothing listens on: bound once by us, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("dtfx usage errors", () => {
  it("prints the usage for --help (exit 0)", async () => {
    const run = await runCli(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("replay-check --module PATH");
    expect(run.stdout).toContain("3 no instance with that id");
  });

  it("rejects an unknown command with the usage (exit 2)", async () => {
    const run = await runCli(["frobnicate"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown command 'frobnicate'");
    expect(run.stderr).toContain("Usage: dtfx <command>");
  });

  it("rejects missing arguments, unknown flags and flags of other commands (exit 2)", async () => {
    const runs = await Promise.all([runCli([]), runCli(["inspect"]), runCli(["list", "--bogus"]), runCli(["list", "--reason", "x"])]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    expect(runs[1]!.stderr).toContain("Missing the instance id.\nUsage: dtfx inspect <instance-id> [--json]");
    expect(runs[3]!.stderr).toContain("'dtfx list' takes no --reason option");
  });
});

describe("dtfx with unreachable storage", () => {
  it("fails fast with one clear line (exit 1)", async () => {
    const port = await closedPort();
    const endpoint = `http://127.0.0.1:${port}/devstoreaccount1`;
    const connectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
      "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
      `BlobEndpoint=${endpoint};QueueEndpoint=${endpoint};TableEndpoint=${endpoint};`;
    const started = Date.now();
    const run = await runCli(["list", "--connection-string", connectionString, "--task-hub", "Unreachable"]);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^Cannot reach Azure Storage: .*ECONNREFUSED/)]);
    expect(run.stdout).toBe("");
  });

  it("says so when no account is named at all", async () => {
    const run = await runCli(["list"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("No storage account: pass --connection-string");
  });
});
