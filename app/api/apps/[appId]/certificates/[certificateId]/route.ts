import { withUser } from "@/lib/auth/route-handler";
import { removeClientCertificate } from "@/lib/credentials/remove-client-certificate";

export const DELETE = withUser<{ appId: string; certificateId: string }>(removeClientCertificate.roles, async ({ actor, params }) => {
  await removeClientCertificate({ actor, appId: params.appId, certificateId: params.certificateId });
  return new Response(null, { status: 204 });
});
