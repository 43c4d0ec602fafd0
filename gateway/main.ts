// Runs the gateway alone (benchmarks, scale-out instances). `npm start`
// runs it together with the portal: scripts/start.ts.
import { config } from "../lib/config";
import { migrate } from "../lib/db/migrate";
import { backfillSandboxProducts } from "../lib/sandbox-data/backfill-sandbox-products";
import { onChange } from "../lib/broadcast/change-bus";
import { logServerError } from "../lib/errors/redact";
import { startGateway } from "./server";

(async () => {
  await migrate();
  // Also run by the portal's start (scripts/start.ts); safe to run at once from both.
  await backfillSandboxProducts();
  const gateway = await startGateway({ port: config.gatewayPort, host: config.host });
  // Diagnostics: one line per change-bus event, printed after the gateway's
  // own caches (subscribed first) have dropped what the event names — the
  // cross-instance revocation test waits for this line instead of a timer.
  if (process.env.PORTICO_LOG_CHANGES === "1") onChange((event) => console.log(`change received ${JSON.stringify(event)}`));
  console.log(`gateway listening on ${config.gatewayUrl}`);
  // Stop accepting, write the queued request logs, then exit.
  const stop = () => void gateway.stop().finally(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
})().catch((error) => {
  logServerError("gateway:", error);
  process.exit(1);
});
