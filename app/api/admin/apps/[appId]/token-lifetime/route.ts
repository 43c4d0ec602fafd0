import { json, readJson, withUser } from "@/lib/auth/route-handler";
import { setAppTokenLifetime } from "@/lib/apps/set-app-token-lifetime";

export const PUT = withUser<{ appId: string }>(setAppTokenLifetime.roles, async ({ actor, params, request }) =>
  json(await setAppTokenLifetime({ actor, appId: params.appId, unverifiedInput: await readJson(request, 4 * 1024) })),
);
