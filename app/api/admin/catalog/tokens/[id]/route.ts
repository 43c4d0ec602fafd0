import { json, withUser } from "@/lib/auth/route-handler";
import { revokeManagementToken } from "@/lib/catalog/revoke-management-token";

export const dynamic = "force-dynamic";

export const DELETE = withUser<{ id: string }>(revokeManagementToken.roles, async ({ actor, params }) => json(await revokeManagementToken({ actor, tokenId: params.id })));
