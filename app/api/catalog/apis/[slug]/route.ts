import { json, withUser } from "@/lib/auth/route-handler";
import { getApiVersion } from "@/lib/catalog/get-api-version";
import { apiVersionBody } from "@/lib/catalog/api-version-body";

export const dynamic = "force-dynamic";

/** The API with its default version (newest not retired). */
export const GET = withUser<{ slug: string }>("any", async ({ actor, params }) => json(apiVersionBody(await getApiVersion({ actor, slug: params.slug }))));
