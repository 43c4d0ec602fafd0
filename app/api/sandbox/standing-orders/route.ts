import { json, readJson, withUser } from "@/lib/auth/route-handler";
import { createStandingOrder } from "@/lib/sandbox-data/create-standing-order";
import { listStandingOrders } from "@/lib/sandbox-data/list-standing-orders";

/** The standing orders of the caller's organisation's sandbox (?appId= for one app's). */
export const GET = withUser(listStandingOrders.roles, async ({ actor, request }) =>
  json(await listStandingOrders({ actor, appId: new URL(request.url).searchParams.get("appId") ?? undefined })),
);

/** Sets up a standing order from a sandbox account for an app granted it. */
export const POST = withUser(createStandingOrder.roles, async ({ actor, request }) =>
  json(await createStandingOrder({ actor, unverifiedInput: await readJson(request, 4 * 1024) }), 201),
);
