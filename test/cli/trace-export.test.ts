// `dtfx start` with OTEL_EXPORTER_OTLP_ENDPOINT set sends its traces over OTLP/HTTP: a local collector receives
// the spans of a HelloCities run started through the API.
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAzurite, type RunningAzurite } from "../../src/azurite/start-azurite.js";
import { uniqueHubName } from "../support/test-hub.js";
import { pollUntilDone, post } from "../http/http-test-support.js";

const MAIN = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));
let azurite: RunningAzurite;
let collector: Server;
const received: string[] = [];

beforeAll(async () => {
  azurite = await startAzurite();
  collector = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      if (request.url === "/v1/traces") received.push(body);
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
});

afterAll(async () => {
  collector?.close();
  await azurite?.stop();
});

describe("dtfx start exporting traces", () => {
  it("sends the samples' spans to OTEL_EXPORTER_OTLP_ENDPOINT", async () => {
    const { port } = collector.address() as { port: number };
    const env: NodeJS.ProcessEnv = { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_BSP_SCHEDULE_DELAY: "100", OTEL_SERVICE_NAME: "dtfx-test" };
    delete env.DTFX_API_KEY;
    const args = ["start", "--port", "0", "--connection-string", azurite.connectionString, "--task-hub", uniqueHubName("Otel"), "--partitions", "1", "--module", fileURLToPath(new URL("./fixtures/hello-module.mjs", import.meta.url))];
    const child = spawn(process.execPath, [MAIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c) => (output += c));
    child.stderr.on("data", (c) => (output += c));
    const exited = new Promise((resolve) => child.once("exit", resolve));
    try {
      const deadline = Date.now() + 30_000;
      let url: string | undefined;
      while (!(url = /HTTP API: (http:\/\/\S+)/.exec(output)?.[1]) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(output).toContain(`Exporting traces over OTLP/HTTP to http://127.0.0.1:${port}`);
      const started = await post(`${url}/orchestrators/Hello`, "otel");
      expect((await pollUntilDone(started.body.statusQueryGetUri)).body.output).toBe("Hi otel");
    } finally {
      child.kill("SIGTERM");
    }
    await exited;
    const all = received.join("\n");
    expect(all).toContain("create_orchestration:Hello");
    expect(all).toContain("orchestration:Hello");
    expect(all).toContain("activity:Hi");
    expect(all).toContain("dtfx-test");
  }, 60_000);
});
