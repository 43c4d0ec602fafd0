// What the maker-checker proposal functions share: the setting's key, how a
// stored proposal reads back, and why a decision found nothing to decide.
import { conflict, forbidden, notFound } from "@/lib/errors";
import type { Tx } from "@/lib/db";
import { proposedSettingValue } from "@/lib/db/json-columns";
import { bankSettingsSchema } from "./bank-settings";

export const MAKER_CHECKER = "makerChecker";

/** The proposed value, parsed again at the database edge: a damaged row decides nothing. */
export const proposedMakerChecker = (value: Parameters<typeof proposedSettingValue>[0]): boolean => bankSettingsSchema.shape.makerChecker.parse(proposedSettingValue(value));

export const onOff = (value: boolean) => (value ? "on" : "off");

/**
 * Called after a conditional update on `status = pending` changed no row:
 * says why, from the row as it is now.
 */
export async function whyUndecided(tx: Tx, changeId: string, actorId: string): Promise<Error> {
  const row = await tx.pendingSettingChange.findUnique({ where: { id: changeId } });
  if (!row || row.key !== MAKER_CHECKER) return notFound("No such proposed change");
  if (row.status !== "pending") return conflict(`This change was already ${row.status}`);
  if (row.proposedById === actorId) return forbidden("A second admin must approve a change you proposed");
  return conflict("This change was decided meanwhile");
}
