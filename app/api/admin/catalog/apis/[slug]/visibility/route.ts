import { json, readJson, withUser } from "@/lib/auth/route-handler";
import { setApiVisibility } from "@/lib/catalog/set-api-visibility";

export const dynamic = "force-dynamic";

export const PUT = withUser<{ slug: string }>(setApiVisibility.roles, async ({ actor, params, request }) =>
  json(await setApiVisibility({ actor, slug: params.slug, unverifiedInput: await readJson(request, 64 * 1024) })),
);
