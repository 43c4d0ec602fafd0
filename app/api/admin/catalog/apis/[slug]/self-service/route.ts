import { json, readJson, withUser } from "@/lib/auth/route-handler";
import { setApiSelfService } from "@/lib/catalog/set-api-self-service";

export const dynamic = "force-dynamic";

export const PUT = withUser<{ slug: string }>(setApiSelfService.roles, async ({ actor, params, request }) =>
  json(await setApiSelfService({ actor, slug: params.slug, unverifiedInput: await readJson(request, 1024) })),
);
