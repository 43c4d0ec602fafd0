import { json, withUser } from "@/lib/auth/route-handler";
import { previewSpec } from "@/lib/catalog/preview-spec";
import { readSpecUpload } from "@/lib/catalog/read-spec-upload";

export const dynamic = "force-dynamic";

/** The review step: what publishing this spec (with this overlay) would propose and store, and which decisions are missing. Writes nothing. */
export const POST = withUser(previewSpec.roles, async ({ actor, request }) => {
  const { unverifiedSpec, filename, overlay } = await readSpecUpload(request);
  return json(await previewSpec({ actor, unverifiedSpec, filename, unverifiedOverlay: overlay }));
});
