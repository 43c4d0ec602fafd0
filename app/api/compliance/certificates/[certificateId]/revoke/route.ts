import { json, readJson, withUser } from "@/lib/auth/route-handler";
import { revokeCertificate } from "@/lib/revocation/revoke-certificate";
import { reasonOf } from "@/components/compliance/reason-body";

export const POST = withUser<{ certificateId: string }>(revokeCertificate.roles, async ({ request, actor, params }) =>
  json(await revokeCertificate({ actor, certificateId: params.certificateId, unverifiedReason: reasonOf(await readJson(request, 8 * 1024)) })),
);
