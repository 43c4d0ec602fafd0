import { withUser } from "@/lib/auth/route-handler";
import { cancelStandingOrder } from "@/lib/sandbox-data/cancel-standing-order";

/** Cancels a standing order: no further payments. */
export const DELETE = withUser<{ standingOrderId: string }>(cancelStandingOrder.roles, async ({ actor, params }) => {
  await cancelStandingOrder({ actor, standingOrderId: params.standingOrderId });
  return new Response(null, { status: 204 });
});
