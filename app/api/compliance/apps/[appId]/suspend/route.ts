import { json, readJson, withUser } from "@/lib/auth/route-handler";
import { suspendApp } from "@/lib/revocation/suspend-app";
import { reasonOf } from "@/components/compliance/reason-body";

export const POST = withUser<{ appId: string }>(suspendApp.roles, async ({ request, actor, params }) =>
  json(await suspendApp({ actor, appId: params.appId, unverifiedReason: reasonOf(await readJson(request, 8 * 1024)) })),
);
