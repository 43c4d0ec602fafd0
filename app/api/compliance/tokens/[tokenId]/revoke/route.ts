import { json, readJson, withUser } from "@/lib/auth/route-handler";
import { revokeToken } from "@/lib/revocation/revoke-token";
import { reasonOf } from "@/components/compliance/reason-body";

export const POST = withUser<{ tokenId: string }>(revokeToken.roles, async ({ request, actor, params }) =>
  json(await revokeToken({ actor, tokenId: params.tokenId, unverifiedReason: reasonOf(await readJson(request, 8 * 1024)) })),
);
