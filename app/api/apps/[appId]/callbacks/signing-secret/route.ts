import { json, withUser } from "@/lib/auth/route-handler";
import { rotateCallbackSigningSecret } from "@/lib/callbacks/rotate-signing-secret";

/** A new signing secret for the app's callbacks; the response is the only place it appears. */
export const POST = withUser<{ appId: string }>(rotateCallbackSigningSecret.roles, async ({ actor, params }) =>
  json(await rotateCallbackSigningSecret({ actor, appId: params.appId }), 201),
);
