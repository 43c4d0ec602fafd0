import { getDb } from "@/lib/db";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { Actor } from "@/lib/authz/actor";
import { requireRole } from "@/lib/authz/require-role";
import { badRequest } from "@/lib/errors";
import { bankSettingsSchema, getBankSettings, type BankSettings } from "./bank-settings";

/** Admins change bank settings; every change is audited with old and new values. */
export async function updateBankSettings(options: { actor: Actor; unverifiedChanges: unknown }): Promise<BankSettings> {
  const { actor } = options;
  requireRole(actor, "admin");
  const partial = bankSettingsSchema.partial().strict().safeParse(options.unverifiedChanges);
  if (!partial.success) {
    throw badRequest(
      "Some settings are not valid",
      partial.error.issues.map((i) => ({ pointer: `/${i.path.join("/")}`, message: i.message })),
    );
  }
  return getDb().$transaction(async (tx) => {
    const before = await getBankSettings(tx);
    const after = { ...before, ...partial.data };
    if (after.minTokenLifetimeSeconds > after.maxTokenLifetimeSeconds) {
      throw badRequest("The minimum token lifetime must not exceed the maximum");
    }
    if (after.defaultTokenLifetimeSeconds < after.minTokenLifetimeSeconds || after.defaultTokenLifetimeSeconds > after.maxTokenLifetimeSeconds) {
      throw badRequest("The default token lifetime must lie between the minimum and the maximum");
    }
    const changed = Object.keys(partial.data).filter(
      (k) => before[k as keyof BankSettings] !== after[k as keyof BankSettings],
    ) as (keyof BankSettings)[];
    for (const key of changed) {
      const value = after[key];
      await tx.bankSetting.upsert({ where: { key }, create: { key, value, updatedById: actor.id }, update: { value, updatedById: actor.id } });
    }
    if (changed.length) {
      await recordAuditEvent(tx, {
        actor,
        action: "settings.update",
        targetType: "bank_settings",
        details: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: after[k] }])),
      });
    }
    return after;
  });
}
