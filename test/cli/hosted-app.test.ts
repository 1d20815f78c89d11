// What `dtfx start --module` finds in a path (in this process, no storage): a v3 function app folder, a v4 app
// folder through its package.json "main", and clear errors for what it cannot host. Needs `npm run build`
// (the fixtures require the built dtfx/durable-functions).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadHostedApp } from "../../src/cli/hosted-app.js";
import { clearRegisteredFunctions } from "../../src/functions/function-registry.js";
import { copyFixtureApp } from "../durable-functions/df-app-harness.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.splice(0).forEach((cleanup) => cleanup());
  clearRegisteredFunctions();
});

function fixture(name: string): string {
  const copy = copyFixtureApp(name);
  cleanups.push(copy.remove);
  return copy.folder;
}

/** The names a worker would be given, by kind. */
function registered(app: Awaited<ReturnType<typeof loadHostedApp>>) {
  const names = { orchestrators: [] as string[], activities: [] as string[], entities: [] as string[] };
  const worker = {
    addOrchestrator: (name: string) => void names.orchestrators.push(name),
    addActivity: (name: string) => void names.activities.push(name),
    addEntity: (name: string) => void names.entities.push(name),
  };
  app.register(worker as never);
  return { ...names, http: app.httpFunctions.map((f) => `${f.methods.join(",")} ${f.route} ${f.authLevel}`) };
}

describe("dtfx start --module <path>", () => {
  it("a v3 function app folder: each <Name>/function.json by its trigger, under the folder's name", async () => {
    const app = registered(await loadHostedApp(fixture("df-v3-app")));
    expect(app.orchestrators).toEqual(["Approval", "E1_HelloSequence", "FanOutFanIn", "Monitor"]);
    expect(app.entities).toEqual(["Counter"]);
    expect(app.activities).toContain("E1_SayHello");
    expect(app.http).toEqual(["GET,POST counter/{key} anonymous", "POST,GET orchestrators/{functionName} anonymous", "POST orchestrators/{functionName}/wait anonymous"]);
  });

  it("a v4 app folder through package.json main", async () => {
    const app = registered(await loadHostedApp(fixture("df-v4-app")));
    expect(app.orchestrators).toContain("helloOrchestrator");
    expect(app.entities).toEqual(["counterEntity"]);
    expect(app.http).toContain("GET,POST orchestrators/{orchestratorName} anonymous");
  });

  it("an orchestrator folder whose index.js is not df.orchestrator(…) is refused by name", async () => {
    const folder = fixture("df-v3-app");
    writeFileSync(join(folder, "Monitor", "index.js"), "module.exports = function* (context) {};\n");
    await expect(loadHostedApp(folder)).rejects.toThrow(/Function 'Monitor' \(orchestrationTrigger\) must export df\.orchestrator/);
  });

  it("a trigger dtfx does not host, and a folder with nothing to host, are refused with what it expects", async () => {
    const folder = fixture("df-v3-app");
    mkdirSync(join(folder, "Nightly"));
    writeFileSync(join(folder, "Nightly", "function.json"), JSON.stringify({ bindings: [{ name: "t", type: "timerTrigger", schedule: "0 0 * * * *" }] }));
    writeFileSync(join(folder, "Nightly", "index.js"), "module.exports = async function () {};\n");
    await expect(loadHostedApp(folder)).rejects.toThrow(/Function 'Nightly': dtfx start hosts durable and HTTP triggers only, not 'timerTrigger'/);
    const empty = join(folder, "Nightly");
    await expect(loadHostedApp(empty)).rejects.toThrow(/without <Name>\/function\.json \(a v3 app\) or a package\.json "main"/);
  });
});
