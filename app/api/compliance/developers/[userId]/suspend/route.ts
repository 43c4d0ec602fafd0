import { json, readJson, withUser } from "@/lib/auth/route-handler";
import { suspendDeveloper } from "@/lib/revocation/suspend-developer";
import { reasonOf } from "@/components/compliance/reason-body";

export const POST = withUser<{ userId: string }>(suspendDeveloper.roles, async ({ request, actor, params }) =>
  json(await suspendDeveloper({ actor, userId: params.userId, unverifiedReason: reasonOf(await readJson(request, 8 * 1024)) })),
);
