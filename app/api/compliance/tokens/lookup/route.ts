import { json, readJson, withUser } from "@/lib/auth/route-handler";
import { lookUpToken } from "@/lib/compliance/look-up-token";

// POST, not GET: the body may hold a live token, which must not end up in a
// URL (browser history, proxy and server access logs).
export const POST = withUser(lookUpToken.roles, async ({ request, actor }) => json(await lookUpToken({ actor, unverifiedInput: await readJson(request, 4 * 1024) })));
