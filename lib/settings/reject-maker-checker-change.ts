// A proposed maker-checker change that will not apply: another admin rejects
// it, or its proposer withdraws it (recorded as such). One conditional update
// on `status = pending`, so it cannot race an approval into both.
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { notFound } from "@/lib/errors";
import { MAKER_CHECKER, proposedMakerChecker, whyUndecided } from "./maker-checker-change";

export async function rejectMakerCheckerChange(options: { actor: Actor; changeId: string }): Promise<{ status: "rejected" | "withdrawn" }> {
  const { changeId } = options;
  return auditedChange({
    actor: options.actor,
    roles: rejectMakerCheckerChange.roles,
    change: async (tx, actor) => {
      const row = await tx.pendingSettingChange.findUnique({ where: { id: changeId } });
      if (!row || row.key !== MAKER_CHECKER) throw notFound("No such proposed change");
      const status = row.proposedById === actor.id ? "withdrawn" : "rejected";
      const claimed = await tx.pendingSettingChange.updateMany({
        where: { id: changeId, status: "pending" },
        data: { status, openKey: null, decidedById: actor.id, decidedAt: new Date() },
      });
      if (claimed.count !== 1) throw await whyUndecided(tx, changeId, actor.id);
      return {
        result: { status },
        audit: [
          {
            action: status === "withdrawn" ? "settings.maker_checker.withdraw" : "settings.maker_checker.reject",
            targetId: changeId,
            details: { setting: MAKER_CHECKER, to: proposedMakerChecker(row.value), proposedBy: row.proposedById },
          },
        ],
      };
    },
  });
}
rejectMakerCheckerChange.roles = ["admin"] as const;
