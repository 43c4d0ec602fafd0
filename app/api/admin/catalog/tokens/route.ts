import { json, readJson, withUser } from "@/lib/auth/route-handler";
import { createManagementToken } from "@/lib/catalog/create-management-token";
import { listManagementTokens } from "@/lib/catalog/list-management-tokens";

export const dynamic = "force-dynamic";

export const GET = withUser(listManagementTokens.roles, async ({ actor }) => json({ data: await listManagementTokens({ actor }) }));

/** The token is in this response and nowhere else, ever. */
export const POST = withUser(createManagementToken.roles, async ({ actor, request }) => json(await createManagementToken({ actor, unverifiedInput: await readJson(request, 4 * 1024) }), 201));
