// Runs the gateway alone (benchmarks, scale-out instances). `npm start`
// runs it together with the portal: scripts/start.ts.
import { config } from "../lib/config";
import { migrate } from "../lib/db/migrate";
import { startGateway } from "./server";

(async () => {
  await migrate();
  const gateway = await startGateway({ port: config.gatewayPort, host: config.host });
  console.log(`gateway listening on ${config.gatewayUrl}`);
  // Stop accepting, write the queued request logs, then exit.
  const stop = () => void gateway.stop().finally(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
