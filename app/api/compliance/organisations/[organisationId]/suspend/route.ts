import { json, readJson, withUser } from "@/lib/auth/route-handler";
import { suspendOrganisation } from "@/lib/revocation/suspend-organisation";
import { reasonOf } from "@/components/compliance/reason-body";

export const POST = withUser<{ organisationId: string }>(suspendOrganisation.roles, async ({ request, actor, params }) =>
  json(await suspendOrganisation({ actor, organisationId: params.organisationId, unverifiedReason: reasonOf(await readJson(request, 8 * 1024)) })),
);
