import { setMailPreferences } from "@/lib/accounts/set-mail-preferences";
import { json, readJson, withUser } from "@/lib/auth/route-handler";

export const PUT = withUser(setMailPreferences.roles, async ({ request, actor }) => json(await setMailPreferences({ actor, unverifiedInput: await readJson(request) })));
