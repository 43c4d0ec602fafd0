import { withUser } from "@/lib/auth/route-handler";
import { revokeClientSecret } from "@/lib/credentials/revoke-client-secret";

export const DELETE = withUser<{ appId: string; secretId: string }>(revokeClientSecret.roles, async ({ actor, params, request }) => {
  const body = request.headers.get("content-type")?.includes("application/json") ? await request.json().catch(() => ({})) : {};
  await revokeClientSecret({ actor, appId: params.appId, secretId: params.secretId, unverifiedInput: body });
  return new Response(null, { status: 204 });
});
