import { json, readJson, withUser } from "@/lib/auth/route-handler";
import { listCallbacks } from "@/lib/callbacks/list-callbacks";
import { registerCallbackEndpoint } from "@/lib/callbacks/register-callback-endpoint";

/** The app's callback URLs and latest deliveries. */
export const GET = withUser<{ appId: string }>(listCallbacks.roles, async ({ actor, params }) => json(await listCallbacks({ actor, appId: params.appId })));

/** Registers a callback URL; the first one's response carries the signing secret, the only time it is shown. */
export const POST = withUser<{ appId: string }>(registerCallbackEndpoint.roles, async ({ actor, params, request }) =>
  json(await registerCallbackEndpoint({ actor, appId: params.appId, unverifiedInput: await readJson(request, 8 * 1024) }), 201),
);
