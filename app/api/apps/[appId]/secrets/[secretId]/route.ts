import { readJson, withUser } from "@/lib/auth/route-handler";
import { PorticoError } from "@/lib/errors";
import { revokeClientSecret } from "@/lib/credentials/revoke-client-secret";

export const DELETE = withUser<{ appId: string; secretId: string }>(revokeClientSecret.roles, async ({ actor, params, request }) => {
  // The reason is optional: a body that is not JSON (or none) revokes without one; an oversized one is refused (413).
  const body = request.headers.get("content-type")?.includes("application/json")
    ? await readJson(request, 8 * 1024).catch((error) => {
        if (error instanceof PorticoError && error.code === "payload_too_large") throw error;
        return {};
      })
    : {};
  await revokeClientSecret({ actor, appId: params.appId, secretId: params.secretId, unverifiedInput: body });
  return new Response(null, { status: 204 });
});
