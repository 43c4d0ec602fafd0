import { json, withUser } from "@/lib/auth/route-handler";
import { getApiVersion } from "@/lib/catalog/get-api-version";
import { apiVersionBody } from "@/lib/catalog/api-version-body";

export const dynamic = "force-dynamic";

export const GET = withUser<{ slug: string; version: string }>("any", async ({ actor, params }) =>
  json(apiVersionBody(await getApiVersion({ actor, slug: params.slug, version: params.version }))),
);
