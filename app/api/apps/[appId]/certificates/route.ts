import { json, readJson, withUser } from "@/lib/auth/route-handler";
import { addClientCertificate } from "@/lib/credentials/add-client-certificate";

export const POST = withUser<{ appId: string }>(addClientCertificate.roles, async ({ actor, params, request }) => {
  const { pem: _pem, ...cert } = await addClientCertificate({ actor, appId: params.appId, unverifiedInput: await readJson(request, 128 * 1024) });
  return json(cert, 201);
});
