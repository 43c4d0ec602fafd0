import { json, withUser } from "@/lib/auth/route-handler";
import { listApis } from "@/lib/catalog/list-apis";

export const dynamic = "force-dynamic";

export const GET = withUser("any", async ({ actor, request }) => {
  const category = new URL(request.url).searchParams.get("category") ?? undefined;
  const apis = await listApis({ actor, category });
  return json({
    data: apis.map((a) => ({
      slug: a.slug,
      name: a.name,
      summary: a.summary,
      category: a.category,
      visibility: a.visibility,
      latestVersion: a.latest?.version ?? null,
      versions: a.versions.map((v) => ({ version: v.version, lifecycle: v.lifecycle, operations: v.operationCount })),
    })),
  });
});
