// A second admin approves a proposed maker-checker change, which applies in
// the same transaction. Security-critical: the proposer cannot approve their
// own proposal, and the approval is one conditional update on
// `status = pending`, so two racing approvals apply it once (the loser gets
// 409) on SQLite and PostgreSQL alike.
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { getBankSettings } from "./bank-settings";
import { MAKER_CHECKER, proposedMakerChecker, whyUndecided } from "./maker-checker-change";

export async function approveMakerCheckerChange(options: { actor: Actor; changeId: string }): Promise<{ makerChecker: boolean }> {
  const { changeId } = options;
  return auditedChange({
    actor: options.actor,
    roles: approveMakerCheckerChange.roles,
    change: async (tx, actor) => {
      const claimed = await tx.pendingSettingChange.updateMany({
        where: { id: changeId, key: MAKER_CHECKER, status: "pending", proposedById: { not: actor.id } },
        data: { status: "approved", openKey: null, decidedById: actor.id, decidedAt: new Date() },
      });
      if (claimed.count !== 1) throw await whyUndecided(tx, changeId, actor.id);
      const row = await tx.pendingSettingChange.findUniqueOrThrow({ where: { id: changeId } });
      const to = proposedMakerChecker(row.value);
      const from = (await getBankSettings(tx)).makerChecker;
      await tx.bankSetting.upsert({ where: { key: MAKER_CHECKER }, create: { key: MAKER_CHECKER, value: to, updatedById: actor.id }, update: { value: to, updatedById: actor.id } });
      return {
        result: { makerChecker: to },
        audit: [{ action: "settings.maker_checker.approve", targetId: changeId, details: { setting: MAKER_CHECKER, from, to, proposedBy: row.proposedById } }],
        publish: [{ kind: "settings" }],
      };
    },
  });
}
approveMakerCheckerChange.roles = ["admin"] as const;
