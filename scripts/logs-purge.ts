// npm run logs:purge — deletes sandbox request logs older than the bank's
// raw-log retention (Settings → logRetentionDays) and usage rollups older
// than the rollup retention (rollupRetentionDays), in short bounded steps
// that never hold the database for long. Safe to run from cron, even while
// the gateway serves traffic; each run is recorded in the audit trail.
import { closeDb } from "../lib/db";
import { migrate } from "../lib/db/migrate";
import { systemActor } from "../lib/authz/actor";
import { purgeRequestLogs } from "../lib/logs/purge-request-logs";

(async () => {
  await migrate();
  const result = await purgeRequestLogs({ actor: systemActor("npm run logs:purge") });
  console.log(
    `purged ${result.deleted} request logs older than ${result.cutoff.toISOString()} (retention ${result.retentionDays} days) and ${result.rollupsDeleted} usage rollups (hours and days older than ${result.rollupCutoff.toISOString()}, ${result.rollupRetentionDays} days) in ${result.steps} steps`,
  );
  await closeDb();
})().catch(async (error) => {
  console.error(error);
  await closeDb().catch(() => undefined);
  process.exit(1);
});
