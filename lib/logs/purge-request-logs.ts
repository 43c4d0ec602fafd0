import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { getBankSettings } from "@/lib/settings/bank-settings";

/**
 * Deletes sandbox request logs older than the bank's retention period
 * (setting logRetentionDays). Run by `npm run logs:purge` (a system actor,
 * e.g. from cron) or by an admin or compliance officer. The purge is audited
 * with the cut-off and the number of rows removed.
 */
export async function purgeRequestLogs(options: { actor: Actor; now?: Date }) {
  const now = options.now ?? new Date();
  return auditedChange({
    actor: options.actor,
    roles: purgeRequestLogs.roles,
    change: async (tx) => {
      const { logRetentionDays } = await getBankSettings(tx);
      const cutoff = new Date(now.getTime() - logRetentionDays * 86_400_000);
      const { count } = await tx.requestLog.deleteMany({ where: { at: { lt: cutoff } } });
      return {
        result: { deleted: count, cutoff, retentionDays: logRetentionDays },
        audit: [{ action: "logs.purge", details: { retentionDays: logRetentionDays, cutoff: cutoff.toISOString(), deleted: count } }],
      };
    },
    transaction: { timeout: 120_000 },
  });
}
purgeRequestLogs.roles = ["admin", "compliance", "system"] as const;
