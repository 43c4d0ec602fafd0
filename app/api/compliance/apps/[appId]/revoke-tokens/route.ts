import { json, readJson, withUser } from "@/lib/auth/route-handler";
import { revokeAppTokens } from "@/lib/revocation/revoke-app-tokens";
import { reasonOf } from "@/components/compliance/reason-body";

export const POST = withUser<{ appId: string }>(revokeAppTokens.roles, async ({ request, actor, params }) =>
  json(await revokeAppTokens({ actor, appId: params.appId, unverifiedReason: reasonOf(await readJson(request, 8 * 1024)) })),
);
