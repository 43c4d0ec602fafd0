import { json, readJson, withUser } from "@/lib/auth/route-handler";
import { getDb } from "@/lib/db";
import { getBankSettings } from "@/lib/settings/bank-settings";
import { updateBankSettings } from "@/lib/settings/update-bank-settings";

// Whoever may change the settings may read them.
export const GET = withUser(updateBankSettings.roles, async () => json(await getBankSettings(getDb())));

export const PATCH = withUser(updateBankSettings.roles, async ({ actor, request }) =>
  json(await updateBankSettings({ actor, unverifiedChanges: await readJson(request, 16 * 1024) })),
);
