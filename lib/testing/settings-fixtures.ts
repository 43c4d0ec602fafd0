// Bank settings for tests, changed the way the portal changes them:
// maker-checker through a proposal by one admin and approval by another.
import type { Actor } from "@/lib/authz/actor";
import { getDb } from "@/lib/db";
import { approveMakerCheckerChange } from "@/lib/settings/approve-maker-checker-change";
import { getBankSettings } from "@/lib/settings/bank-settings";
import { proposeMakerCheckerChange } from "@/lib/settings/propose-maker-checker-change";

/** Switches maker-checker to `on` (if it is not already) with two different admins. */
export async function setMakerChecker(on: boolean, admins: { proposer: Actor; approver: Actor }): Promise<void> {
  if ((await getBankSettings(getDb())).makerChecker === on) return;
  const { changeId } = await proposeMakerCheckerChange({ actor: admins.proposer, unverifiedInput: { makerChecker: on } });
  await approveMakerCheckerChange({ actor: admins.approver, changeId });
}
