// One admin proposes switching maker-checker on or off; it changes only when
// a different admin approves (approve-maker-checker-change.ts). Otherwise a
// single admin could switch it off, approve alone and switch it back on.
// Security-critical: one pending proposal at a time, enforced by the unique
// PendingSettingChange.openKey, so two racing proposals cannot both stand.
import { z } from "zod";
import { auditedChange } from "@/lib/audit/audited-change";
import type { Actor } from "@/lib/authz/actor";
import { conflict, parseInput } from "@/lib/errors";
import { getBankSettings } from "./bank-settings";
import { MAKER_CHECKER, onOff } from "./maker-checker-change";

const Input = z.object({ makerChecker: z.boolean() }).strict();

const alreadyPending = () => conflict("A change to maker-checker is already waiting for a second admin");

export async function proposeMakerCheckerChange(options: { actor: Actor; unverifiedInput: unknown }): Promise<{ changeId: string; makerChecker: boolean }> {
  const { makerChecker } = parseInput(Input, options.unverifiedInput, "The proposal is not valid");
  return auditedChange({
    actor: options.actor,
    roles: proposeMakerCheckerChange.roles,
    change: async (tx, actor) => {
      const current = (await getBankSettings(tx)).makerChecker;
      if (current === makerChecker) throw conflict(`Maker-checker is already ${onOff(current)}`);
      if (await tx.pendingSettingChange.findUnique({ where: { openKey: MAKER_CHECKER } })) throw alreadyPending();
      const row = await tx.pendingSettingChange
        .create({ data: { key: MAKER_CHECKER, openKey: MAKER_CHECKER, value: makerChecker, proposedById: actor.id } })
        .catch((error: unknown) => {
          // A proposal made at the same moment won the unique openKey.
          throw (error as { code?: string }).code === "P2002" ? alreadyPending() : error;
        });
      return {
        result: { changeId: row.id, makerChecker },
        audit: [{ action: "settings.maker_checker.propose", targetId: row.id, details: { setting: MAKER_CHECKER, from: current, to: makerChecker } }],
      };
    },
  });
}
proposeMakerCheckerChange.roles = ["admin"] as const;
