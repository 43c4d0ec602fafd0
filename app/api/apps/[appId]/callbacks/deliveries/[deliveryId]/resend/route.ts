import { json, withUser } from "@/lib/auth/route-handler";
import { resendCallbackDelivery } from "@/lib/callbacks/resend-callback-delivery";

export const POST = withUser<{ appId: string; deliveryId: string }>(resendCallbackDelivery.roles, async ({ actor, params }) =>
  json(await resendCallbackDelivery({ actor, appId: params.appId, deliveryId: params.deliveryId }), 201),
);
