import { json, withUser } from "@/lib/auth/route-handler";
import { issueClientSecret } from "@/lib/credentials/issue-client-secret";

/** Generates (or rotates to) a new client secret; the response is the only place its plaintext appears. */
export const POST = withUser<{ appId: string }>(issueClientSecret.roles, async ({ actor, params }) => {
  const issued = await issueClientSecret({ actor, appId: params.appId });
  return json({ id: issued.id, clientId: issued.clientId, clientSecret: issued.secret, hint: issued.hint, previousExpireAt: issued.previousExpireAt }, 201);
});
