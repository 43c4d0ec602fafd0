import { withUser } from "@/lib/auth/route-handler";
import { removeCallbackEndpoint } from "@/lib/callbacks/remove-callback-endpoint";

export const DELETE = withUser<{ appId: string; endpointId: string }>(removeCallbackEndpoint.roles, async ({ actor, params }) => {
  await removeCallbackEndpoint({ actor, appId: params.appId, endpointId: params.endpointId });
  return new Response(null, { status: 204 });
});
