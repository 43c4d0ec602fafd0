import { getDb } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/authz/actor";
import { forbidden } from "@/lib/errors";
import { isRole } from "@/lib/authz/actor";
import { getBankSettings } from "@/lib/settings/bank-settings";

/**
 * Deletes sandbox request logs older than the bank's retention period
 * (setting logRetentionDays). Run by `npm run logs:purge` (a system actor,
 * e.g. from cron) or by an admin or compliance officer. The purge is audited
 * with the cut-off and the number of rows removed.
 */
export async function purgeRequestLogs(options: { actor: Actor; now?: Date }) {
  const { actor } = options;
  if (actor.kind !== "system" && !isRole(actor, "admin", "compliance")) throw forbidden();
  const now = options.now ?? new Date();
  return getDb().$transaction(async (tx) => {
    const { logRetentionDays } = await getBankSettings(tx);
    const cutoff = new Date(now.getTime() - logRetentionDays * 86_400_000);
    const { count } = await tx.requestLog.deleteMany({ where: { at: { lt: cutoff } } });
    await recordAuditEvent(tx, {
      actor,
      action: "logs.purge",
      targetType: "request_logs",
      details: { retentionDays: logRetentionDays, cutoff: cutoff.toISOString(), deleted: count },
    });
    return { deleted: count, cutoff, retentionDays: logRetentionDays };
  }, { timeout: 120_000 });
}
