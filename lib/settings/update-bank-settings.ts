import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { parseInput, PorticoError } from "@/lib/errors";
import { bankSettingsSchema, getBankSettings, type BankSettings } from "./bank-settings";

const changesSchema = bankSettingsSchema.partial().strict();

const invalid = (message: string, pointer: string) => new PorticoError("validation_failed", message, { violations: [{ pointer, message }] });

/**
 * Admins change bank settings; every change is audited with old and new
 * values, and the gateway, which caches token lifetimes and policy, hears of
 * it after the commit. Maker-checker itself is not changed here: it needs a
 * second admin (propose-maker-checker-change.ts).
 */
export async function updateBankSettings(options: { actor: Actor; unverifiedChanges: unknown }): Promise<BankSettings> {
  const changes = parseInput(changesSchema, options.unverifiedChanges, "Some settings are not valid");
  return auditedChange({
    actor: options.actor,
    roles: updateBankSettings.roles,
    change: async (tx, actor) => {
      const before = await getBankSettings(tx);
      const after = { ...before, ...changes };
      if (after.makerChecker !== before.makerChecker) {
        throw new PorticoError("forbidden", "Maker-checker changes need a second admin: propose the change, and another admin approves it", {
          violations: [{ pointer: "/makerChecker", message: "propose this change for a second admin to approve" }],
        });
      }
      if (after.minTokenLifetimeSeconds > after.maxTokenLifetimeSeconds) {
        throw invalid("The minimum token lifetime must not exceed the maximum", "/minTokenLifetimeSeconds");
      }
      if (after.defaultTokenLifetimeSeconds < after.minTokenLifetimeSeconds || after.defaultTokenLifetimeSeconds > after.maxTokenLifetimeSeconds) {
        throw invalid("The default token lifetime must lie between the minimum and the maximum", "/defaultTokenLifetimeSeconds");
      }
      if (after.rollupRetentionDays < after.logRetentionDays) {
        throw invalid("Usage rollups must be kept at least as long as the raw request logs", "/rollupRetentionDays");
      }
      for (const who of ["developer", "staff"] as const) {
        if (after[`${who}SessionIdleSeconds`] > after[`${who}SessionLifetimeSeconds`]) {
          throw invalid("The idle timeout must not exceed the session lifetime", `/${who}SessionIdleSeconds`);
        }
      }
      // Staff sessions reach more (every organisation, the audit trail): never longer than a developer's.
      if (after.staffSessionLifetimeSeconds > after.developerSessionLifetimeSeconds) {
        throw invalid("Staff sessions must not last longer than developers' sessions", "/staffSessionLifetimeSeconds");
      }
      if (after.staffSessionIdleSeconds > after.developerSessionIdleSeconds) {
        throw invalid("Staff sessions must not stay idle longer than developers' sessions", "/staffSessionIdleSeconds");
      }
      const changed = Object.keys(changes).filter((k) => before[k as keyof BankSettings] !== after[k as keyof BankSettings]) as (keyof BankSettings)[];
      for (const key of changed) {
        const value = after[key];
        await tx.bankSetting.upsert({ where: { key }, create: { key, value, updatedById: actor.id }, update: { value, updatedById: actor.id } });
      }
      if (changed.length === 0) return { result: after, audit: [] };
      return {
        result: after,
        audit: [{ action: "settings.update", details: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: after[k] }])) }],
        publish: [{ kind: "settings" }],
      };
    },
  });
}
updateBankSettings.roles = ["admin"] as const;
