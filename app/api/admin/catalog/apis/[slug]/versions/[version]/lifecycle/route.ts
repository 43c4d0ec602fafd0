import { json, readJson, withUser } from "@/lib/auth/route-handler";
import { setVersionLifecycle } from "@/lib/catalog/set-version-lifecycle";

export const dynamic = "force-dynamic";

export const PUT = withUser<{ slug: string; version: string }>(setVersionLifecycle.roles, async ({ actor, params, request }) =>
  json(await setVersionLifecycle({ actor, slug: params.slug, version: params.version, unverifiedInput: await readJson(request, 8 * 1024) })),
);
