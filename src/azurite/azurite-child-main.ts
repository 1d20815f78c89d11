// The child process of startAzuriteInChildProcess: starts Azurite with the options in argv[2], prints its
// endpoints as one JSON line, and stops once its stdin closes.
import { startAzurite } from "./start-azurite.js";

const azurite = await startAzurite(JSON.parse(process.argv[2] ?? "{}"));
const { stop: _stop, ...endpoints } = azurite;
process.stdout.write(`${JSON.stringify(endpoints)}\n`);
process.stdin.resume();
process.stdin.once("end", async () => {
  await azurite.stop();
  process.exit(0);
});
