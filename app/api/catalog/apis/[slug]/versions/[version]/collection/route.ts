import { withUser } from "@/lib/auth/route-handler";
import { exportCollection } from "@/lib/try-it/export-collection";

export const dynamic = "force-dynamic";

/** Postman collection (?format=postman) or Insomnia export (?format=insomnia) of one version; the same visibility as its docs. */
export const GET = withUser<{ slug: string; version: string }>("any", async ({ actor, params, request }) => {
  const file = await exportCollection({ actor, slug: params.slug, version: params.version, unverifiedFormat: new URL(request.url).searchParams.get("format") });
  return new Response(file.body, {
    headers: {
      "content-type": `${file.contentType}; charset=utf-8`,
      "content-disposition": `attachment; filename="${file.filename}"`,
      "cache-control": "private, no-store",
    },
  });
});
