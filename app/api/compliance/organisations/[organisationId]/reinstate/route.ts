import { json, readJson, withUser } from "@/lib/auth/route-handler";
import { reinstateOrganisation } from "@/lib/revocation/reinstate-organisation";
import { reasonOf } from "@/components/compliance/reason-body";

export const POST = withUser<{ organisationId: string }>(reinstateOrganisation.roles, async ({ request, actor, params }) =>
  json(await reinstateOrganisation({ actor, organisationId: params.organisationId, unverifiedReason: reasonOf(await readJson(request, 8 * 1024)) })),
);
