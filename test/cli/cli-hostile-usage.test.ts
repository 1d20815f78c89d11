// Usage errors from hostile or mistaken flags exit 2 with one clear sentence, before Azurite or storage is touched:
// an open host without a key, a short or blank key, a bad hub name, a malformed connection string, a bad --id.
import { beforeAll, describe, expect, it } from "vitest";
import { assertCliBuilt, runCli } from "./cli-harness.js";

beforeAll(() => assertCliBuilt());

// Well-formed, but nothing listens there: a command that got as far as storage would fail with exit 1.
const UNUSED = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;" +
  "BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;";

describe("dtfx usage errors exit 2", () => {
  it.concurrent.each([
    [["start", "--host", "0.0.0.0"], /UnsafeBindingError: Refusing to serve the HTTP API on '0\.0\.0\.0' without a key/],
    [["start", "--key", " "], /UnsafeBindingError: Refusing an API key of 1 character\(s\): a key needs at least 16 characters/],
    [["start", "--key", "short-key"], /at least 16 characters/],
    [["start", "--task-hub", "bad hub!"], /InvalidTaskHubNameError: Invalid task hub name "bad hub!"/],
    [["start", "--base-url", "ftp://example.com"], /--base-url: The base URL "ftp:\/\/example.com" must be http\(s\)/],
    [["start", "--connection-string", "garbage"], /The storage connection string is malformed: 'garbage' is not Key=Value/],
    [["list", "--connection-string", "garbage"], /The storage connection string is malformed/],
    [["list", "--connection-string", "AccountName=a;AccountKey=b;BlobEndpoint=not a url"], /BlobEndpoint is not an http\(s\) URL/],
    [["list", "--connection-string", UNUSED, "--task-hub", "x"], /Invalid task hub name "x"/],
    [["start", "Echo", "--id", "../leases/x", "--connection-string", UNUSED], /InvalidInstanceIdError: .*'\.' or '\.\.' as a path segment/],
    [["start", "Echo", "--id", "@counter@k", "--connection-string", UNUSED], /must not begin with '@'/],
  ])("dtfx %j", async (args, message) => {
    const run = await runCli(args, { timeoutInMs: 15_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/TypeError|Invalid URL|\n\s+at /);
    expect(run.stdout).not.toMatch(/Azurite/);
  });

  it("prints a hostile id's control characters escaped, never raw", async () => {
    const run = await runCli(["start", "Echo", "--id", "x\u001b[2J", "--connection-string", UNUSED]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("\\u001b[2J");
    expect(run.stderr).not.toContain("\u001b");
  });
});
