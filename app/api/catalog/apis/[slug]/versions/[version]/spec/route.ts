import { withUser } from "@/lib/auth/route-handler";
import { exportSpec } from "@/lib/catalog/export-spec";

export const dynamic = "force-dynamic";

/** Spec download: ?format=json (default) or yaml. */
export const GET = withUser<{ slug: string; version: string }>("any", async ({ actor, params, request }) => {
  const file = await exportSpec({ actor, slug: params.slug, version: params.version, unverifiedFormat: new URL(request.url).searchParams.get("format") });
  return new Response(file.body, {
    headers: {
      "content-type": `${file.contentType}; charset=utf-8`,
      "content-disposition": `attachment; filename="${file.filename}"`,
      // Visibility can change at any moment: never let a shared cache keep it.
      "cache-control": "private, no-store",
    },
  });
});
