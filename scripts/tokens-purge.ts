// npm run tokens:purge — deletes access-token rows expired longer than the
// bank's retention (Settings → tokenRetentionHours). Every gateway process
// also does this on a schedule (PORTICO_TOKEN_PURGE_INTERVAL_SECONDS); this
// is for cron when that schedule is off. Each batch deleted is recorded in
// the audit trail.
import { closeDb } from "../lib/db";
import { migrate } from "../lib/db/migrate";
import { systemActor } from "../lib/authz/actor";
import { purgeExpiredTokens } from "../lib/oauth/purge-expired-tokens";

(async () => {
  await migrate();
  const result = await purgeExpiredTokens({ actor: systemActor("npm run tokens:purge") });
  console.log(`purged ${result.deleted} access tokens expired before ${result.cutoff.toISOString()} (retention ${result.retentionHours} hours)`);
  await closeDb();
})().catch(async (error) => {
  console.error(error);
  await closeDb().catch(() => undefined);
  process.exit(1);
});
