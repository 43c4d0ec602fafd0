// Runs the gateway alone (benchmarks, scale-out instances). `npm start`
// runs it together with the portal: scripts/start.ts.
import { config } from "../lib/config";
import { migrate } from "../lib/db/migrate";
import { startGateway } from "./server";

(async () => {
  await migrate();
  await startGateway({ port: config.gatewayPort, host: config.host });
  console.log(`gateway listening on ${config.gatewayUrl}`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
