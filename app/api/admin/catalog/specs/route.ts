import { json, withUser } from "@/lib/auth/route-handler";
import { publishSpec } from "@/lib/catalog/publish-spec";
import { readSpecUpload } from "@/lib/catalog/read-spec-upload";

export const dynamic = "force-dynamic";

/** Admin upload: multipart `spec` file or a raw YAML/JSON body. 201 when new, 200 when the same version was already there. */
export const POST = withUser(publishSpec.roles, async ({ actor, request }) => {
  const { unverifiedSpec, filename, overlay } = await readSpecUpload(request);
  const result = await publishSpec({ actor, unverifiedSpec, filename, unverifiedOverlay: overlay });
  return json(result, result.status === "created" ? 201 : 200);
});
