import { json, readJson, withUser } from "@/lib/auth/route-handler";
import { publishChange } from "@/lib/broadcast/change-bus";
import { getDb } from "@/lib/db";
import { getBankSettings } from "@/lib/settings/bank-settings";
import { updateBankSettings } from "@/lib/settings/update-bank-settings";

export const GET = withUser(["admin"], async () => json(await getBankSettings(getDb())));

export const PATCH = withUser(["admin"], async ({ actor, request }) => {
  const settings = await updateBankSettings({ actor, unverifiedChanges: await readJson(request, 16 * 1024) });
  // The gateway caches token lifetimes and policy; tell it after the commit.
  await publishChange({ kind: "settings" });
  return json(settings);
});
