import { json, readJson, withUser } from "@/lib/auth/route-handler";
import { reinstateDeveloper } from "@/lib/revocation/reinstate-developer";
import { reasonOf } from "@/components/compliance/reason-body";

export const POST = withUser<{ userId: string }>(reinstateDeveloper.roles, async ({ request, actor, params }) =>
  json(await reinstateDeveloper({ actor, userId: params.userId, unverifiedReason: reasonOf(await readJson(request, 8 * 1024)) })),
);
