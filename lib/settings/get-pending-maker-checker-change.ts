// The maker-checker change waiting for a second admin, for the settings page.
import type { Db } from "@/lib/db";
import { MAKER_CHECKER, proposedMakerChecker } from "./maker-checker-change";

export type PendingMakerCheckerChange = {
  id: string;
  makerChecker: boolean;
  proposedById: string;
  proposedByName: string;
  proposedAt: Date;
};

export async function getPendingMakerCheckerChange(db: Db): Promise<PendingMakerCheckerChange | null> {
  const row = await db.pendingSettingChange.findUnique({ where: { openKey: MAKER_CHECKER } });
  if (!row) return null;
  const proposer = await db.user.findUnique({ where: { id: row.proposedById }, select: { name: true, email: true } });
  return {
    id: row.id,
    makerChecker: proposedMakerChecker(row.value),
    proposedById: row.proposedById,
    proposedByName: proposer?.name || proposer?.email || "another admin",
    proposedAt: row.createdAt,
  };
}
