// The publish endpoint for a bank's CI: `Authorization: Bearer pmt_…`
// (a management token an admin created), body = the spec as YAML or JSON, or
// a multi-file spec as a .zip (content-type application/zip).
//   curl -X POST --data-binary @openapi/payments.yaml -H 'content-type: application/yaml' \
//        -H "authorization: Bearer $PORTICO_MANAGEMENT_TOKEN" $PORTAL_URL/api/management/specs
// or, with the version's overlay (lib/catalog/spec-overlay.ts) beside it:
//   curl -F spec=@openapi/accounts.yaml -F overlay=@openapi/accounts.portico.yaml -H "authorization: …" …
// An import that needs a decision the overlay does not give is kept as a
// draft for an admin and answered 409 decision_required (a failure to a CI
// job, never a publish), naming the draft (`draft: {id, url}`), what is
// missing (`violations`) and the overlay that accepts the proposals
// (`proposedOverlay`).
import { clientIpFrom } from "@/lib/auth/current-user";
import { json } from "@/lib/auth/route-handler";
import { authenticateManagementToken } from "@/lib/catalog/authenticate-management-token";
import { publishSpec } from "@/lib/catalog/publish-spec";
import { readSpecUpload } from "@/lib/catalog/read-spec-upload";
import { problemResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  try {
    // Authenticate before reading the body: an anonymous caller's upload is never parsed.
    const actor = await authenticateManagementToken({ authorization: request.headers.get("authorization"), ip: clientIpFrom(request.headers) });
    const { unverifiedSpec, filename, overlay } = await readSpecUpload(request);
    const result = await publishSpec({ actor, unverifiedSpec, filename, unverifiedOverlay: overlay, via: "management" });
    return json(result, result.status === "created" ? 201 : 200);
  } catch (error) {
    return problemResponse(error);
  }
}
