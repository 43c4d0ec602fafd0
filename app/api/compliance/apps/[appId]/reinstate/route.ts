import { json, readJson, withUser } from "@/lib/auth/route-handler";
import { approveAppReinstatement } from "@/lib/revocation/approve-app-reinstatement";
import { reasonOf } from "@/components/compliance/reason-body";

/** Admins and compliance officers each approve; the second role's approval reinstates. */
export const POST = withUser<{ appId: string }>(approveAppReinstatement.roles, async ({ request, actor, params }) =>
  json(await approveAppReinstatement({ actor, appId: params.appId, unverifiedReason: reasonOf(await readJson(request, 8 * 1024)) })),
);
